"""One progress bar on stderr, drawn by tqdm: `[#####.....] done/total what just happened`."""

from __future__ import annotations

import sys
from typing import IO

from tqdm import tqdm


class LineBar:
    """A tqdm bar opened at the first step (when the total is known) and closed at the last or on `last=True`."""

    def __init__(self, stream: IO[str] | None = None, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self._bar: tqdm | None = None

    def show(self, done: int, total: int, text: str, *, last: bool = False) -> None:
        """Move the bar to `done` of `total` with `text` after it; a new line after the last step."""
        if self._bar is None:
            self._bar = tqdm(
                total=total,
                file=self.stream or sys.stderr,
                ascii=".#",
                bar_format=f"[{{bar:{self.width}}}] {{n_fmt}}/{{total_fmt}} {{desc}}",
                mininterval=0,
                miniters=1,
            )
        self._bar.set_description_str(text, refresh=False)
        self._bar.update(done - self._bar.n)
        if done >= total or last:
            self._bar.close()
            self._bar = None

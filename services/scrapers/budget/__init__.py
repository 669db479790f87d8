"""Per-upstream budgets: quota, cool-down and retry tokens over shared facts."""

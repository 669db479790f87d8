"""`courtside verify`: the operator's after-deploy check, from the warehouse and the logs."""

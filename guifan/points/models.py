"""Member points (积分制, M08). The point rules are the pack's (`rules:` entries with `points:`)."""

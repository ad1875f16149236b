"""Errors of a standard pack, each naming where in the file it is."""


class PackError(ValueError):
    """A pack that cannot be used; `problems` lists every problem found, each with its line when known."""

    def __init__(self, problems: list[str], path: str = ""):
        self.problems = problems
        self.path = path
        where = f"{path}: " if path else ""
        super().__init__(where + ("; ".join(problems) if len(problems) < 4 else f"{len(problems)} problems"))

    def report(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return "\n".join(f"{where}{p}" for p in self.problems)

"""Small helpers for the words pages and notices say: counts that agree with their noun."""


def counted(n: int, singular: str, plural: str = "") -> str:
    """'1 meeting', '3 meetings', '1 person', '2 people' (give the plural when not +s)."""
    return f"{n} {singular if n == 1 else plural or singular + 's'}"


def verb(n: int, singular: str, plural: str) -> str:
    """The verb that agrees with a count: verb(1, 'is', 'are') -> 'is'."""
    return singular if n == 1 else plural

"""A pair's score in words, and the rules it breaks as sentences about the people, for HR's
board. Pure words: the facts come from pairing.breaks."""

import datetime

EXPERT = 4  # proficiency from which someone counts as an expert


def _names(matches: list[dict]) -> str:
    # Catalogue names are in sentence case: in running text only the first letter drops.
    names = [m["skill"][:1].lower() + m["skill"][1:] for m in matches]
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def in_words(reasons: dict, parts: dict, *, wanted_count: int) -> list[str]:
    """E.g. ["teaches 3 of the 4 skills the executive wants, 2 at expert level", ...]."""
    words = []
    learn = reasons.get("learn", [])
    if learn:
        experts = sum(1 for m in learn if m["proficiency"] >= EXPERT)
        if len(learn) >= wanted_count:
            sentence = (
                "teaches the one skill the executive wants"
                if wanted_count == 1
                else f"teaches all {wanted_count} skills the executive wants"
            )
        else:
            sentence = f"teaches {len(learn)} of the {wanted_count} skills the executive wants"
        if experts:
            sentence += f", {experts} of them at expert level"
        words.append(sentence)
    elif wanted_count:
        words.append("teaches none of the skills the executive wants")
    give = reasons.get("give", [])
    if give:
        words.append(f"executive gives back {_names(give)}")
    hours = reasons.get("hours_apart", 0)
    words.append("same time zone" if hours == 0 else f"{hours:g} h time difference")
    words.append("different departments" if parts.get("cross") else "same department")
    return words


NUMBERS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def number(n: int) -> str:
    return NUMBERS[n] if 0 <= n < len(NUMBERS) else str(n)


def _day(when: datetime.datetime | datetime.date) -> str:
    return f"{when:%-d %B %Y}"


def too_close(mentee: str, mentee_level: int, mentor: str, mentor_level: int, gap: int) -> str:
    """level_gap: the executive must be `gap` levels above the junior mentor."""
    apart = mentee_level - mentor_level
    if apart <= 0:
        return (
            f"{mentor} (level {mentor_level}) is not junior to {mentee} (level {mentee_level}): "
            "in reverse mentoring the mentor is the junior"
        )
    levels = "level" if apart == 1 else "levels"
    return (
        f"{mentee} (level {mentee_level}) is only {number(apart)} {levels} above {mentor} "
        f"(level {mentor_level}); the program asks for {gap}"
    )


def reports_to(junior: str, senior: str, levels: int | None) -> str:
    """manager_chain: "Ravi reports to Sofia, two levels down"."""
    if levels == 1:
        return f"{junior} reports to {senior} directly"
    if levels:
        return f"{junior} reports to {senior}, {number(levels)} levels down"
    return f"{junior} and {senior} are in the same management chain"


def blocked_by_hr(mentee: str, mentor: str, on: datetime.datetime | None) -> str:
    when = f" on {_day(on)}" if on else ""
    return f"HR blocked {mentee} and {mentor}{when}"


def ended_before(mentee: str, mentor: str, on: datetime.datetime | None, reason: str) -> str:
    when = f" on {_day(on)}" if on else ""
    because = f" ({reason.strip().rstrip('.')})" if reason.strip() else ""
    return f"{mentee} and {mentor}'s pairing in this program ended{when}{because}"


def paired_before(mentee: str, mentor: str, program: str) -> str:
    """previous: "Leo and Margaret were paired in Spring 2026"."""
    return f"{mentee} and {mentor} were paired in {program}"


def below_minimum(score: float, best: float, minimum: float) -> str:
    return f"they score {score:.2f} of {best:g}, below the program's minimum of {minimum:.2f}"


def capitalised(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def _are(n: int) -> str:
    return "is" if n == 1 else "are"


def not_matched(
    name: str, *, allowed: int | None, excluded: dict[str, int], minimum: float, blocks: list[str]
) -> str:
    """Why a mentee is left out by a run, from the engine's counts, about the people.

    `blocks` names who the blocked mentors are (HR's blocks and ended pairings), when known.
    """
    apart = f" Kept apart: {'; '.join(blocks)}." if blocks else ""
    if allowed:
        mentors = "the one mentor" if allowed == 1 else f"all {allowed} mentors"
        full = f"{capitalised(mentors)} allowed for {name} {'is' if allowed == 1 else 'are'} full."
        return full + apart
    if not any(excluded.values()):
        return "There is no approved mentor in the program."
    parts = []
    for rule, n in excluded.items():
        if not n:
            continue
        if rule == "level_gap":
            parts.append(f"{n} {_are(n)} not junior enough to {name}")
        elif rule == "manager_chain":
            parts.append(f"{n} {_are(n)} in {name}'s management chain")
        elif rule == "blocked":
            who = f" ({'; '.join(blocks)})" if blocks and len(blocks) <= 3 else ""
            parts.append(f"{n} {_are(n)} kept apart from {name}{who}")
        elif rule == "previous":
            parts.append(f"{n} {'was' if n == 1 else 'were'} paired with {name} before")
        elif rule == "min_score":
            parts.append(f"{n} score below the program's minimum of {minimum:.2f}")
    return f"No mentor is allowed for {name}: " + ", ".join(parts) + "."

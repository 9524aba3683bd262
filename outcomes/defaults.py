"""What every program starts with: the pulse survey's questions and the early fit check's."""

# (text, kind, audience, low label, high label)
SURVEY_QUESTIONS = [
    ("How useful has the program been for you so far?", "scale", "everyone",
     "Not useful", "Very useful"),
    ("Would you recommend taking part to a colleague?", "scale", "everyone",
     "Certainly not", "Certainly"),
    ("How well does your pair work together?", "scale", "everyone", "Not well", "Very well"),
    ("Has it given you visibility with the company's leaders?", "scale", "mentor",
     "None", "A lot"),
    ("Are you more confident with the digital tools you chose to learn?", "scale", "mentee",
     "No more", "Much more"),
    ("What would make the program better?", "text", "everyone", "", ""),
]  # fmt: skip

FIT_QUESTIONS = {
    "fit": (
        "How well did you and your pair get on in your first meeting?",
        "Not well",
        "Very well",
    ),
    "learning": ("Do you expect to learn what you hoped from this pair?", "Unlikely", "Certainly"),
}
POOR_FIT = 2  # an answer at or below this, from either side, puts the pair on HR's list

CONFIDENTIALITY = (
    "HR sees these answers only as totals, and only for a question that at least five people "
    "answered. Written answers are shown without your name, under the same rule. Your pair "
    "never sees what you answer."
)

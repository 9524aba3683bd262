"""Every kind of reminder the product sends, in one place.

`essential` kinds keep the program working: a person may move them from e-mail to the app,
never switch them off.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    essential: bool
    hr_only: bool = False


KINDS = {
    kind.code: kind
    for kind in [
        Kind("meeting_soon", "A meeting is coming", essential=True),
        Kind("agenda_empty", "The agenda of your next meeting is still empty", essential=True),
        Kind("log_session", "Log the session after a meeting", essential=True),
        Kind("no_meeting", "No meeting scheduled in the program's rhythm", essential=True),
        Kind("pairs_at_risk", "Pairs at risk (HR admins)", essential=True, hr_only=True),
        Kind("enrolment_decision", "HR approves or declines your enrolment", essential=True),
        Kind("pairing_published", "You have a pair (a first one, or a new one)", essential=True),
        Kind("pairing_ended", "Your pairing ends", essential=True),
        Kind("program_closed", "Your program closes", essential=True),
        Kind("concerns_open", "Concerns waiting for HR (HR admins)", essential=True, hr_only=True),
        Kind("concern_update", "HR acknowledges or resolves a concern you raised", essential=True),
        Kind("delegate_invited", "Someone asks you to be their delegate", essential=True),
        Kind("delegate_answered", "Your delegate accepts or declines", essential=False),
        Kind("delegate_ended", "A delegation ends", essential=False),
        Kind("assist_meeting_soon", "A meeting of someone you assist is coming", essential=False),
        Kind("assist_no_meeting", "Someone you assist has no meeting planned", essential=False),
        Kind("enrolment_open", "A program opens for enrolment", essential=False),
        Kind("program_ending", "Your program ends in two weeks", essential=False),
        Kind("hr_digest", "Weekly digest (HR admins)", essential=False, hr_only=True),
        Kind("check_in", "Midpoint and end check-ins: your skills and a short survey", False),
        Kind("pairing_fit", "Two questions after your first meeting", essential=False),
        Kind("certificate_ready", "Your certificate is ready (junior mentors)", essential=False),
    ]
}

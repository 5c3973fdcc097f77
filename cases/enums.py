"""Status lists of the legal process. Each list exists once, here."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CustodyStatus(models.TextChoices):
    DETAINED = "detained", _("Detained")
    RELEASED = "released", _("Released")
    REMOVED = "removed", _("Removed")
    UNKNOWN = "unknown", _("Whereabouts unknown")
    GRANTED = "granted", _("Granted protection")


class EntryMethod(models.TextChoices):
    CBP_ONE = "cbp_one", _("Port of entry, CBP One appointment")
    PORT = "port", _("Port of entry, no appointment")
    BETWEEN_PORTS = "between_ports", _("Between ports of entry")
    VISA = "visa", _("With a visa")
    OTHER = "other", _("Other / unknown")


class HearingKind(models.TextChoices):
    MASTER = "master", _("Master calendar")
    INDIVIDUAL = "individual", _("Individual (merits)")
    BOND = "bond", _("Bond")
    CREDIBLE_FEAR = "credible_fear", _("Credible-fear review")


class HearingOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    CONTINUED = "continued", _("Continued")
    GRANTED = "granted", _("Asylum granted")
    DENIED_REMOVAL = "denied_removal", _("Denied, ordered removed")
    WITHHOLDING_CAT = "withholding_cat", _("Withholding / CAT granted")
    TERMINATED = "terminated", _("Terminated")
    BOND_GRANTED = "bond_granted", _("Bond granted")
    BOND_DENIED = "bond_denied", _("Bond denied")


# Outcomes that end a hearing with a decision (and so start appeal deadlines).
DECIDED_OUTCOMES = frozenset(
    {
        HearingOutcome.GRANTED,
        HearingOutcome.DENIED_REMOVAL,
        HearingOutcome.WITHHOLDING_CAT,
        HearingOutcome.TERMINATED,
        HearingOutcome.BOND_GRANTED,
        HearingOutcome.BOND_DENIED,
    }
)


class ServiceMethod(models.TextChoices):
    ORAL = "oral", _("Oral, in court")
    MAILED = "mailed", _("Mailed")
    ELECTRONIC = "electronic", _("Served electronically")


class Credibility(models.TextChoices):
    NONE = "", _("No finding")
    CREDIBLE = "credible", _("Found credible")
    NOT_CREDIBLE = "not_credible", _("Found not credible")


class AppealKind(models.TextChoices):
    BIA_APPEAL = "bia_appeal", _("BIA appeal")
    MOTION_REOPEN = "motion_reopen", _("Motion to reopen")
    MOTION_RECONSIDER = "motion_reconsider", _("Motion to reconsider")
    PFR = "pfr", _("Petition for review (U.S. Court of Appeals)")
    STAY = "stay", _("Stay of removal")


class AppealOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    DISMISSED = "dismissed", _("Dismissed / affirmed")
    SUSTAINED = "sustained", _("Sustained")
    REMANDED = "remanded", _("Remanded")
    GRANTED = "granted", _("Granted")
    DENIED = "denied", _("Denied")


class ChargeStatus(models.TextChoices):
    SUSPECTED = "suspected", _("Suspected")
    OPENED = "opened", _("Case opened")
    WANTED = "wanted", _("Wanted")
    CONVICTED_IN_ABSENTIA = "convicted_in_absentia", _("Convicted in absentia")


class ContactParty(models.TextChoices):
    CLIENT = "client", _("Client")
    FAMILY = "family", _("Family")
    LAWYER = "lawyer", _("Lawyer")
    FACILITY = "facility", _("Facility")
    OTHER = "other", _("Other")


class ContactChannel(models.TextChoices):
    CALL = "call", _("Phone call")
    VIDEO = "video", _("Video call")
    VISIT = "visit", _("Visit")
    MESSAGE = "message", _("Message")
    LETTER = "letter", _("Letter")


class ContactOutcome(models.TextChoices):
    REACHED = "reached", _("Reached")
    NO_ANSWER = "no_answer", _("No answer")
    REFUSED = "refused", _("Refused by facility")
    UNAVAILABLE = "unavailable", _("Client unavailable (moved, in court, in medical)")
    LEFT_MESSAGE = "left_message", _("Left a message")


class DocumentKind(models.TextChoices):
    IDENTITY = "identity", _("Identity document")
    COURT = "court", _("Court or agency decision")
    CHARGE = "charge", _("Home-country charge / summons")
    COUNTRY = "country", _("Country conditions")
    MEDICAL = "medical", _("Medical")
    STATEMENT = "statement", _("Declaration / statement")
    OTHER = "other", _("Other")


class TranslationStatus(models.TextChoices):
    NOT_NEEDED = "not_needed", _("Not needed")
    NEEDED = "needed", _("Needed")
    IN_PROGRESS = "in_progress", _("In progress")
    CERTIFIED = "certified", _("Certified translation")


class DeadlineStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MET = "met", _("Met")
    MISSED = "missed", _("Missed")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class Relationship(models.TextChoices):
    SPOUSE = "spouse", _("Spouse / partner")
    PARENT = "parent", _("Parent")
    CHILD = "child", _("Child")
    SIBLING = "sibling", _("Sibling")
    FRIEND = "friend", _("Friend")
    SPONSOR = "sponsor", _("Sponsor")
    OTHER = "other", _("Other")


class CaseFileEdition(models.TextChoices):
    # What each edition leaves out is decided field by field in `cases.casefile`.
    FULL = "full", _("Full (for the organization)")
    LAWYER = "lawyer", _("Lawyer (with privileged notes)")
    REDACTED = "redacted", _("Redacted (for sharing)")


class CaseFileStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RENDERING = "rendering", _("Rendering")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class AlertKind(models.TextChoices):
    DEADLINE = "deadline", _("Deadline approaching")
    DEADLINE_MISSED = "deadline_missed", _("Deadline missed")
    HEARING_NO_LAWYER = "hearing_no_lawyer", _("Hearing without a lawyer")
    CHANGED_CIRCUMSTANCES = "changed_circumstances", _("Changed circumstances")
    DETENTION_DAYS = "detention_days", _("Days in detention")
    CONTACT_GAP = "contact_gap", _("No contact with the client")
    CONTACT_FAILED = "contact_failed", _("Failed contact attempts")
    FINAL_ORDER = "final_order", _("Final order: removal may be imminent")


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    OFF = "off", _("Email alerts off")
    OBSOLETE = "obsolete", _("Not sent: no longer applies")


class AssignmentRole(models.TextChoices):
    """The two ways a user is put on a case; the values are AsylumSeeker's field names."""

    CASEWORKERS = "caseworkers", _("caseworkers")
    LAWYERS = "lawyers", _("lawyers")

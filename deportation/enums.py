from django.db import models
from django.utils.translation import gettext_lazy as _


class FlightKind(models.TextChoices):
    REMOVAL_CHARTER = "removal_charter", _("Removal charter")
    COMMERCIAL_ESCORT = "commercial_escort", _("Commercial with escort")
    DOMESTIC_SHUFFLE = "domestic_shuffle", _("Domestic shuffle")
    LATERAL = "lateral", _("Lateral (to a third country)")
    UNKNOWN = "unknown", _("Unknown")


class Source(models.TextChoices):
    OBSERVER = "observer", _("Observer on the ground")
    TRACKER = "tracker", _("Public flight tracker")
    FAMILY = "family", _("Family or deportee")
    IMPORT = "import", _("Imported observation log")
    OTHER = "other", _("Other")


class Confidence(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    LIKELY = "likely", _("Likely")
    UNVERIFIED = "unverified", _("Unverified")


class ArrivalOutcome(models.TextChoices):
    ARRESTED = "arrested", _("Arrested on arrival")
    QUESTIONED_RELEASED = "questioned_released", _("Questioned and released")
    CHARGED = "charged", _("Charged")
    ESCAPED_TRANSIT = "escaped_transit", _("Escaped in transit")
    UNKNOWN = "unknown", _("Unknown")


class FollowUpStatus(models.TextChoices):
    """What is known about a person some time after arrival (RemovalFollowUp.status)."""

    IN_CUSTODY = "in_custody", _("In custody")
    RELEASED = "released", _("Released")
    CHARGED = "charged", _("Charged or on trial")
    CONVICTED = "convicted", _("Convicted")
    LEFT_COUNTRY = "left_country", _("Left the country again")
    SAFE = "safe", _("Safe, not in custody")
    NO_CONTACT = "no_contact", _("No contact")
    OTHER = "other", _("Other")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Done")
    REJECTED = "rejected", _("Rejected: nothing imported")
    FAILED = "failed", _("Failed: nothing imported")

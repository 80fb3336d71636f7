from django.db import models

NATIONAL_ADMIN_GROUP = "National admins"


class Role(models.TextChoices):
    """A person's role in one trust's programme."""

    OD_LEAD = "od_lead", "OD lead"
    CHANGE_TEAM = "change_team", "Change team member"
    SPONSOR = "sponsor", "Board sponsor"
    VIEWER = "viewer", "Viewer"


class Sector(models.TextChoices):
    ACUTE = "acute", "Acute"
    MENTAL_HEALTH = "mental_health", "Mental health and learning disability"
    COMMUNITY = "community", "Community"
    AMBULANCE = "ambulance", "Ambulance"
    COMBINED = "combined", "Combined"


class Region(models.TextChoices):
    """NHS England's seven regions."""

    NORTH_EAST_YORKSHIRE = "north_east_yorkshire", "North East and Yorkshire"
    NORTH_WEST = "north_west", "North West"
    MIDLANDS = "midlands", "Midlands"
    EAST_OF_ENGLAND = "east_of_england", "East of England"
    LONDON = "london", "London"
    SOUTH_EAST = "south_east", "South East"
    SOUTH_WEST = "south_west", "South West"

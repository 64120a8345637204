from django.apps import AppConfig


class BookingsConfig(AppConfig):
    """Shared machinery: bookable occasions with capacity, bookings, a waiting list with offers,
    reminders, calendar files and attendance. The apps above (network events, training cohorts,
    co-production sessions) give an occasion its meaning; bookings never imports them."""

    name = "openqi.bookings"
    label = "bookings"
    default_auto_field = "django.db.models.BigAutoField"

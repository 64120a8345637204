"""The network's resources library (issue 15): QI tools, guides, templates, recordings and slides,
as checked files or links, tagged by QI method, audience and level; public or for members only.
After an event: recordings and slides attached to it, and attendees' feedback. QR-code attendance.
ADR 0028."""

"""What the browser journeys share about the sponsor's sign-off form."""


def carry_open_steps(page):
    """Carry every step still open into the next phase (one radio choice per open step)."""
    for radio in page.locator('input[type="radio"][value="carried"]').all():
        radio.check()

"""What a task raises when an e-mail could not be sent."""


class MailNotSent(Exception):
    """Raised in place of the mail server's error, whose text can hold the recipient's
    address (a refused recipient: {'name@example.org': (550, …)}). The task queue keeps
    the exception's text and traceback in its results and the worker logs them: they
    get this one, which names what failed by id and the error by its class."""

    def __init__(self, what, error):
        super().__init__(f"{what} not sent: {type(error).__name__}")

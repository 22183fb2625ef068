"""A mail server on loopback, for tests that need Django's real SMTP backend: it keeps
what it accepts and refuses the recipients it is told to, with the 550 a real server
gives for an unknown mailbox (smtplib then raises SMTPRecipientsRefused, which names
the address)."""

import socketserver
import threading


class SmtpSink:
    def __init__(self, refused=()):
        self.refused = {address.lower() for address in refused}
        self.accepted = []  # (recipients, message bytes)
        sink = self

        class Session(socketserver.StreamRequestHandler):
            def reply(self, line):
                self.wfile.write(line.encode() + b"\r\n")

            def handle(self):
                self.reply("220 sink ready")
                recipients = []
                while line := self.rfile.readline():
                    command = line.decode().strip()
                    verb = command.split(" ", 1)[0].upper()
                    if verb in ("EHLO", "HELO"):
                        self.reply("250 sink")
                    elif verb == "RCPT":
                        address = command.partition(":")[2].strip(" <>").lower()
                        if address in sink.refused:
                            self.reply(f"550 5.1.1 <{address}>: Recipient address rejected")
                        else:
                            recipients.append(address)
                            self.reply("250 OK")
                    elif verb == "DATA":
                        self.reply("354 End data with <CR><LF>.<CR><LF>")
                        message = b"".join(iter(self.rfile.readline, b".\r\n"))
                        sink.accepted.append((recipients, message))
                        recipients = []
                        self.reply("250 OK queued")
                    elif verb == "QUIT":
                        self.reply("221 Bye")
                        return
                    else:  # MAIL, RSET, NOOP
                        if verb == "RSET":
                            recipients = []
                        self.reply("250 OK")

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Session)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def mailer(self):
        """A MAILERS setting that sends here through Django's SMTP backend."""
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": self.port, "timeout": 5},
            }
        }

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

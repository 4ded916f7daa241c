"""A real SMTP server for the mail tests: aiosmtpd on a free loopback port, in a thread.

`Inbox` takes every mail and keeps it parsed (email.message.EmailMessage, headers decoded);
`refusing=True` answers every mail with 554, as a server that will not relay does. `Silent`
accepts connections and never says a word (a hung server: the client's timeout must end it).
The fixtures that start them are in tests/conftest.py.
"""

from __future__ import annotations

import email
import email.policy
import socket
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Mail:
    sender: str
    recipients: list[str]
    message: email.message.EmailMessage

    @property
    def subject(self) -> str:
        # A long Japanese subject is folded before its first encoded word ("Subject:" CRLF
        # " =?utf-8?b?…"); readers drop the space unfolding leaves, and so does this.
        return str(self.message["Subject"]).strip()

    @property
    def body(self) -> str:
        return self.message.get_content().replace("\r\n", "\n")  # SMTP's line ends


@dataclass
class Inbox:
    refusing: bool = False
    mails: list[Mail] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd's name)
        if self.refusing:
            return "554 5.7.1 Relaying denied"
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.mails.append(Mail(envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 OK"

    def to(self, address: str) -> list[Mail]:
        return [mail for mail in self.mails if address in mail.recipients]


class SmtpServer:
    """aiosmtpd's Controller on 127.0.0.1 and a free port, holding an Inbox."""

    def __init__(self, *, refusing: bool = False) -> None:
        self.inbox = Inbox(refusing=refusing)
        self.port = free_port()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)

    def start(self) -> SmtpServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()


class Silent:
    """A listening socket nobody answers: the kernel accepts, the greeting never comes."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(8)
        self.port = self.socket.getsockname()[1]

    def stop(self) -> None:
        self.socket.close()

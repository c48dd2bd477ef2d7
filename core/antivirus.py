"""Optional virus scanning of uploads through a ClamAV daemon (clamd).

Configured by CLAMD_SOCKET (a Unix socket) or CLAMD_HOST/CLAMD_PORT; without
them nothing is scanned. Speaks clamd's INSTREAM command directly (a few lines,
no client library). When the daemon cannot be reached the upload is refused
("fail closed") unless CLAMD_FAIL_OPEN is true.
"""

import logging
import socket
import struct

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

logger = logging.getLogger(__name__)
CHUNK = 64 * 1024


class ScannerUnavailable(Exception):
    pass


class ClamdScanner:
    def __init__(self, *, socket_path=None, host=None, port=3310, timeout=30):
        self.socket_path = socket_path
        self.host = host
        self.port = port
        self.timeout = timeout

    def _connect(self):
        if self.socket_path:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            address = self.socket_path
        else:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            address = (self.host, self.port)
        sock.settimeout(self.timeout)
        sock.connect(address)
        return sock

    def scan(self, file) -> str | None:
        """The name of the virus found, or None when clean."""
        try:
            with self._connect() as sock:
                sock.sendall(b"zINSTREAM\0")
                file.seek(0)
                while chunk := file.read(CHUNK):
                    sock.sendall(struct.pack("!L", len(chunk)) + chunk)
                sock.sendall(struct.pack("!L", 0))
                reply = b""
                while not reply.endswith(b"\0"):
                    data = sock.recv(4096)
                    if not data:
                        break
                    reply += data
        except OSError as error:
            raise ScannerUnavailable(str(error)) from error
        finally:
            file.seek(0)
        text = reply.rstrip(b"\0").decode("utf-8", "replace")
        # "stream: OK" | "stream: Eicar-Signature FOUND" | "... ERROR"
        if text.endswith("FOUND"):
            return text.removeprefix("stream:").removesuffix("FOUND").strip()
        if text.endswith("OK"):
            return None
        raise ScannerUnavailable(text or "empty reply")


def get_scanner():
    """The configured scanner, or None when antivirus is off. Tests replace this."""
    if settings.CLAMD_SOCKET or settings.CLAMD_HOST:
        return ClamdScanner(
            socket_path=settings.CLAMD_SOCKET,
            host=settings.CLAMD_HOST,
            port=settings.CLAMD_PORT,
            timeout=settings.CLAMD_TIMEOUT,
        )
    return None


def check(file):
    """Raise ValidationError when the file is infected (or cannot be scanned and
    the configuration says to fail closed)."""
    scanner = get_scanner()
    if scanner is None:
        return
    try:
        found = scanner.scan(file)
    except ScannerUnavailable as error:
        logger.error("antivirus unavailable: %s", error)
        if settings.CLAMD_FAIL_OPEN:
            return
        raise ValidationError(
            gettext("We could not check “%(name)s” for viruses right now. Try again later."),
            code="scanner_unavailable",
        ) from error
    if found:
        logger.warning("upload refused: virus %s", found)
        raise ValidationError(
            gettext("“%(name)s” contains a virus (%(virus)s) and was refused."),
            code="virus",
            params={"virus": found},
        )

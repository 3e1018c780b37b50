"""The one base class of the errors people can act on.

A :class:`UserError` says in one sentence what is wrong with the input, the file or the request,
and where; nothing was changed. Both faces show it as it is (the command line exits with 2). Any
other exception is a bug in xindex: the command line reports it as one (exit 3) and writes the
details to a file, and never disguises it as bad input.
"""

from __future__ import annotations

#: The exit codes of every xindex command (README, "Exit codes"): done; done, but something was found
#: (check findings, nothing to undo); bad input, refused with one sentence; a bug in xindex.
OK, PROBLEMS, BAD_INPUT, INTERNAL_ERROR = 0, 1, 2, 3


class UserError(Exception):
    """Something a person can fix: bad input, a file that cannot be used; the message is one sentence."""


class SettingError(UserError, ValueError):
    """A setting's value that is not one the setting takes: says which values it does."""


class FormatError(UserError, ValueError):
    """A file format that xindex does not read or write (or cannot tell from a file's name)."""

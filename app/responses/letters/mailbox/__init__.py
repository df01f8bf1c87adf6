"""A hearing's own mailbox: responses mailed to the hearing's address wait for a case officer's check.

content.py     what a mail says: the hearing it is for, sender, text, files, its identity (no IMAP, no database)
models.py      IncomingMail and its files, kept once by (Message-ID, content hash)
operations.py  keep a mail, match its sender to a party, open it into the letter flow, mark it registered
imap.py        `flask letters fetch`: the IMAP side (imap-tools)
commands.py    the `flask letters` group
views.py       "Post der venter": the list, one mail, open it, set it aside
"""

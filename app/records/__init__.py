"""Filing on the case (journalisering): every document of a hearing goes to the municipality's records
system (GetOrganized, SBSYS, or a folder an import picks up), once, in the background.

`operations.file_on_case(hearing)` is called after the commit of each event that makes a document; it
adds a `FilingRecord` per document not yet known and sends each to the worker (`tasks.file_document`).
"""

"""Learning records as xAPI statements, for a learning record store (LRS).

* ``vocabulary``  the IRIs we use: verbs, activity types, extensions, activity ids
* ``statements``  the statements a profile's history stands for (pure: no I/O)
* ``reverse``     histories rebuilt from statements read back from an LRS
* ``credentials`` ``<data folder>/lrs.toml`` and the environment; the LRS's address
* ``lrs``         talking to an LRS over HTTP (httpx): post, fetch, clear errors
* ``sent``        what was sent to each LRS, so the next send resumes (``lrs-sent.toml``)
* ``send``        a send: batches, resume, conflicts
* ``profile``     reading a profile's history and id for all of the above

See ``docs/records.md``. Nothing here imports Textual or the command line.
"""

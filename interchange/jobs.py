"""The worker's job for a large import (procrastinate, the same worker as reminders): the
kept file is read again and imported in one transaction, in the person's RLS context; its
page (`/accounts/import/<id>/`) follows the upload's state to the end. Daily, the files
nobody imported are forgotten."""

from __future__ import annotations

import logging

from procrastinate.contrib.django import app

from interchange import actions

logger = logging.getLogger(__name__)

QUEUE = "interchange"


@app.task(queue=QUEUE, name="interchange.import_upload")
def import_upload(user_id: str, upload_id: str) -> str:
    try:
        return actions.import_upload(user_id, upload_id)
    except Exception:
        # Rolled back whole: nothing of the file was saved. The page says so.
        logger.exception("import %s of %s failed", upload_id, user_id)
        actions.upload_failed(user_id, upload_id)
        raise


@app.periodic(cron="23 3 * * *", periodic_id="purge_uploads")
@app.task(queue=QUEUE, name="interchange.purge_uploads", queueing_lock="interchange.purge_uploads")
def purge_uploads(timestamp: int) -> int:
    return actions.purge_uploads()

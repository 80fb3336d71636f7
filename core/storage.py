import logging

from django.contrib.staticfiles.storage import ManifestStaticFilesStorage

from core.exceptions import ApplicationError

logger = logging.getLogger(__name__)


class ModuleAwareManifestStaticFilesStorage(ManifestStaticFilesStorage):
    """Hashed static files whose ES-module imports are rewritten to the hashed names too.

    NHS.UK frontend's JavaScript is an ES module that our init script imports; without
    this flag the import would keep pointing at the unhashed file and lose cache-busting.
    """

    support_js_module_import_aggregation = True


STORAGE_DOWN = (
    "The file could not be stored just now, so nothing was saved. Try again in a few minutes."
)


def file_field_save(field_file, name: str, content) -> None:
    """Store an upload through the configured storage (a disk, or object storage). When the
    storage fails, the caller's transaction is undone and the person is told plainly: no
    record points at a file that is not there."""
    try:
        field_file.save(name, content, save=False)
    except Exception as error:  # any backend's failure: disk full, bucket unreachable
        logger.warning("file storage failed: %s", type(error).__name__)
        raise ApplicationError(STORAGE_DOWN) from error

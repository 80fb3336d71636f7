from django.contrib.staticfiles.storage import ManifestStaticFilesStorage


class ModuleAwareManifestStaticFilesStorage(ManifestStaticFilesStorage):
    """Hashed static files whose ES-module imports are rewritten to the hashed names too.

    NHS.UK frontend's JavaScript is an ES module that our init script imports; without
    this flag the import would keep pointing at the unhashed file and lose cache-busting.
    """

    support_js_module_import_aggregation = True

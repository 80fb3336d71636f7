from django.apps import AppConfig


class DiagnosticsConfig(AppConfig):
    name = "diagnostics"
    verbose_name = "Diagnostics and surveys"

    def ready(self):
        from core import operations
        from core.navigation import register, register_programme_sections
        from diagnostics.navigation import programme_sections, survey_nav_items
        from diagnostics.operations import aggregation_figures

        register(survey_nav_items)
        register_programme_sections(programme_sections)
        operations.register(aggregation_figures)

        from core import trust_export
        from diagnostics.trust_exports import trust_tables

        trust_export.register(trust_tables)

        from diagnostics import tasks
        from diagnostics.surveys import publication

        publication.connect(tasks.publish_final_figures)

        from diagnostics.slots import fill_slots

        fill_slots()

        from core import for_you
        from diagnostics import for_you as waiting
        from diagnostics.results.notifications import register_kinds

        register_kinds()
        for_you.register(waiting.surveys_this_week)
        for_you.register(waiting.survey_results)

        from diagnostics.records.evidence import coded_records
        from programmes import evidence

        evidence.register(coded_records)

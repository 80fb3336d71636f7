"""Block tags for the NHS.UK components in core/templates/components/ whose body is markup:
each renders its component template with the body as `content`.

{% warning_callout level=2 %}Heading words{% callout_body %}<p>Body</p>{% endwarning_callout %}
    components/warning_callout.html: level is the heading's level (2 unless given); the part
    before {% callout_body %} is the heading, after "Important:" for screen readers.
{% summary_row "Key" %}value{% endsummary_row %}
    components/summary_row.html: one row of an NHS.UK summary list (the page writes the
    <dl class="nhsuk-summary-list">); the key is text, the body the value.
{% table_cell "Heading" %}content{% endtable_cell %}
    components/table_cell.html: one cell of an NHS.UK responsive table, with the column's
    heading repeated for small screens (hidden from screen readers, which read the header).
"""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


class ComponentNode(template.Node):
    def __init__(self, template_name, args, kwargs, nodelists):
        self.template_name = template_name
        self.args = args
        self.kwargs = kwargs
        self.nodelists = nodelists

    def render(self, context):
        values = {name: value.resolve(context) for name, value in self.kwargs.items()}
        values["args"] = [value.resolve(context) for value in self.args]
        for name, nodelist in self.nodelists.items():
            # Template output, escaped as it was rendered; strip() would lose its safe mark.
            values[name] = mark_safe(nodelist.render(context).strip())  # noqa: S308  # nosec B308 B703
        # A fresh context from the page's, as an inclusion tag makes: drawing it through the
        # backend with the request would run every context processor again for each cell.
        template = context.template.engine.get_template(self.template_name)
        return template.render(context.new(values))


def _arguments(parser, bits):
    args, kwargs = [], {}
    for bit in bits:
        if "=" in bit:
            name, value = bit.split("=", 1)
            kwargs[name] = parser.compile_filter(value)
        else:
            args.append(parser.compile_filter(bit))
    return args, kwargs


@register.tag
def warning_callout(parser, token):
    args, kwargs = _arguments(parser, token.split_contents()[1:])
    heading = parser.parse(("callout_body",))
    parser.delete_first_token()
    content = parser.parse(("endwarning_callout",))
    parser.delete_first_token()
    return ComponentNode(
        "components/warning_callout.html", args, kwargs, {"heading": heading, "content": content}
    )


def _single_block(name: str, template_name: str):
    """A block tag {% name args %}content{% endname %} drawing template_name."""

    def compile_block(parser, token):
        args, kwargs = _arguments(parser, token.split_contents()[1:])
        content = parser.parse((f"end{name}",))
        parser.delete_first_token()
        return ComponentNode(template_name, args, kwargs, {"content": content})

    register.tag(name, compile_block)


_single_block("summary_row", "components/summary_row.html")
_single_block("table_cell", "components/table_cell.html")

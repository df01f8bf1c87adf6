"""HTML that people bring in (an imported draft, an edited section) is cleaned
with nh3 on the way in; everything else is escaped by Jinja on the way out."""

import nh3

RICH_TEXT_TAGS = {
    "p", "br", "strong", "em", "u", "ul", "ol", "li", "a", "blockquote", "h3", "h4",
    "table", "thead", "tbody", "tr", "th", "td",
}
RICH_TEXT_ATTRIBUTES = {"a": {"href"}, "th": {"colspan", "rowspan", "scope"}, "td": {"colspan", "rowspan"}}


def clean_html(html: str) -> str:
    """Keep the structure of a text (paragraphs, lists, emphasis, links, tables), drop the rest."""
    return nh3.clean(
        html,
        tags=RICH_TEXT_TAGS,
        attributes=RICH_TEXT_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()

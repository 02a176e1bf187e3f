"""The monitoring site (市级改革试点监测网, seed §4(2)): static HTML pages of the ledger.

Pure: `pages` shapes the data of every page from the ledger and the obligations computed for the
as-of date, `charts` draws the inline SVG charts, `documents` turns issued bulletins into HTML,
and `build.render_site` renders the shipped Jinja2 templates (autoescaped) into a mapping of
relative paths to texts. Reading templates and ledger documents and writing the files is the
command line's job (`reformctl.cli.site`).
"""

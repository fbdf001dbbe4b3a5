"""The board report: the quarterly workforce paper as HTML, Word or Markdown.

:mod:`~cswork.report.inputs` gathers the figures from the services the CLI's ``--json`` commands
use; the section modules turn them into a :class:`~cswork.report.document.Report` of paragraphs,
tables and charts; one renderer per format writes it (:mod:`~cswork.report.write`). matplotlib and
python-docx are imported only when a report is written.
"""

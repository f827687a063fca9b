"""公文: 司法建议书 and companion documents (GB/T 9704-2012 + 法释〔2023〕11号 附件1–3).

Public entry points (import from the submodules; this package imports nothing so Django
start-up stays light):

* ``content``: ``SuggestionContent``, ``NoticeContent``, ``DeliveryReceiptContent``,
  ``RegisterExtractContent``, ``sample_*_content()``
* ``docx_writer``: ``render_suggestion_docx`` / ``build_suggestion_document`` and the
  告知函, 送达回证, 台账 writers
* ``pdf``: ``docx_to_pdf`` (LibreOffice headless, Noto CJK font aliases)
* ``checker``: ``check_docx`` → ``CheckResult(ok, errors)``
* ``doc_number``: ``format_doc_number`` / ``parse_doc_number``
* ``cli``: ``run_check`` / ``run_demo`` (behind ``manage.py documents``)
"""

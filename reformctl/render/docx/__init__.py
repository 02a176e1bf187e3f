"""Word documents laid out to GB/T 9704-2012 (党政机关公文格式): a neutral, typed document
structure (`blocks`), the standard's measurements (`layout`), the python-docx writer (`writer`)
and the builders that turn the bulletin's and the annual report's data into blocks
(`bulletin`, `report`). See docs/documents.md."""

"""Text in, structures out; nothing here opens a file.

drafts.py    Markdown to sections and word counts (markdown-it's SyntaxTreeNode), and sections matched to questions
phrases.py   the one comparison of a phrase with page text (quotes, find, highlights)
"""

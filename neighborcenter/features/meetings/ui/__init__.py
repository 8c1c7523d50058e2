"""The consultation meetings' page: topics, meetings with their minutes editor, follow-up."""

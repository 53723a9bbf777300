"""The fault reference: data model, loading and validation, and rendering to Markdown. No MkDocs here."""

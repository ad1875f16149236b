"""guifan (规范): grassroots party-organisation standardisation platform."""

"""Pages are styled with DEBUG off too (make demo runs that way): static files are served."""


def test_stylesheet_and_vendored_scripts_are_served(client, settings):
    settings.DEBUG = False
    for path in ("/static/core/guifan.css", "/static/vendor/htmx/htmx.min.js"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert b"".join(response.streaming_content if response.streaming else [response.content])

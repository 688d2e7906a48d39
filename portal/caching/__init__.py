"""The page cache for anonymous visitors, HTTP caching headers, and their invalidation (with the CDN purge).

Design and reasons: docs/performance.md ("Page cache") and docs/decisions/0013-page-cache-scope-tokens.md.
"""

"""Articles in the search index: one entry per translation, carrying the article's
audience, status and category so that searches filter in the index."""

from loket.knowledge.models import Article
from loket.search import index
from loket.search.models import Kind


def index_article(article: Article) -> None:
    """Bring the index up to date with the article's current translations and fields.
    Call it (in the same transaction) after every change to an article."""
    translations = list(article.translations.all())
    index.put(
        [
            index.Document(
                kind=Kind.ARTICLE,
                object_id=article.pk,
                language=t.language,
                title=t.title,
                body=f"{t.summary}\n\n{t.body}",
                audience=article.audience,
                status=article.status,
                category_id=article.category_id,
            )
            for t in translations
        ],
        learn_words=True,
    )
    index.drop(Kind.ARTICLE, article.pk, keep_languages=[t.language for t in translations])

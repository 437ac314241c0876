"""Articles in the search index: one entry per translation, carrying the article's
audience, status and category so that searches filter in the index."""

from loket.knowledge.models import Article
from loket.search import index
from loket.search.models import Kind


def documents_of(article: Article) -> list[index.Document]:
    """What the index holds of ``article``: one document per translation."""
    return [
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
        for t in article.translations.all()
    ]


def index_article(article: Article) -> None:
    """Bring the index up to date with the article's current translations and fields.
    Call it (in the same transaction) after every change to an article."""
    documents = documents_of(article)
    index.put(documents, learn_words=True)
    index.drop(Kind.ARTICLE, article.pk, keep_languages=[d.language for d in documents])

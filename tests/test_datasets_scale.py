"""Per-step costs that must not grow with the data: the excerpt index of atlas.model."""

from __future__ import annotations

from atlas.model import Atlas, Excerpt


class CountingList(list):
    """A list that counts how often it is walked."""

    walks = 0

    def __iter__(self):
        CountingList.walks += 1
        return super().__iter__()


def test_excerpts_for_is_an_index_built_once_not_a_scan_per_event():
    excerpts = CountingList(Excerpt(f"e{i % 1000}", "s", f"quote {i}") for i in range(5000))
    atlas = Atlas(excerpts=excerpts)
    CountingList.walks = 0
    for i in range(1000):
        assert [x.quote for x in atlas.excerpts_for(f"e{i}")] == [f"quote {i + k * 1000}" for k in range(5)]
    assert CountingList.walks == 1
    assert atlas.excerpts_for("nothing") == []


def test_the_excerpt_index_follows_a_new_or_grown_list():
    atlas = Atlas(excerpts=[Excerpt("a", "s", "one")])
    assert [x.quote for x in atlas.excerpts_for("a")] == ["one"]
    atlas.excerpts.append(Excerpt("a", "s", "two"))
    assert [x.quote for x in atlas.excerpts_for("a")] == ["one", "two"]
    atlas.excerpts = [Excerpt("b", "s", "three")]
    assert atlas.excerpts_for("a") == [] and [x.quote for x in atlas.excerpts_for("b")] == ["three"]
    atlas.excerpts_for("b").clear()  # a caller's copy: the index is not changed through it
    assert len(atlas.excerpts_for("b")) == 1

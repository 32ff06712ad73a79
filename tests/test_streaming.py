from bot.coach.streaming import StreamRelay, split_point


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class RecordingSink:
    """A chat channel as the relay sees it: sends and edits, with what each message shows."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self.writes = 0

    async def send(self, content: str) -> int:
        self.messages.append(content)
        self.writes += 1
        return len(self.messages) - 1

    async def edit(self, handle: int, content: str) -> None:
        self.messages[handle] = content
        self.writes += 1


async def test_edits_are_throttled_to_the_interval():
    clock, sink = Clock(), RecordingSink()
    relay = StreamRelay(sink, 1.0, clock=clock)
    for i in range(100):  # 100 chunks over 5 simulated seconds
        clock.now = i * 0.05
        await relay.feed(f"w{i} ")
    await relay.finish()
    assert sink.writes <= 7  # one per second plus the final edit
    assert sink.messages == [" ".join(f"w{i}" for i in range(100))]


async def test_long_replies_split_on_word_boundaries_under_the_limit():
    sink = RecordingSink()
    relay = StreamRelay(sink, 0.0, limit=50, clock=Clock())
    words = [f"word{i:02d} " for i in range(30)]  # 210 characters
    for word in words:
        await relay.feed(word)
    final = await relay.finish()
    assert final == sink.messages
    assert all(len(m) <= 50 for m in sink.messages) and len(sink.messages) == 5
    assert " ".join(sink.messages) == "".join(words).strip()
    assert all("▌" not in m for m in sink.messages)


async def test_error_note_is_appended_after_partial_text():
    sink = RecordingSink()
    relay = StreamRelay(sink, 10.0, clock=Clock())
    await relay.feed("Half a reply")
    await relay.finish("⚠️ The coach couldn't reply")
    assert sink.messages == ["Half a reply\n\n⚠️ The coach couldn't reply"]


def test_split_point_prefers_paragraphs_then_lines_then_words():
    text = "a" * 30 + "\n\n" + "b" * 30
    assert split_point(text, 40) == 32
    assert split_point("x" * 100, 40) == 40  # no break at all: hard cut

import Testing
import Manifests

/// Field names in decode errors, quoted as upstream's Go quotes them.
@Suite("Go quoting")
struct GoQuoteTests {
    @Test("strconv.Quote's escapes", arguments: [
        ("spec.x", #""spec.x""#),
        ("a\r\nb", #""a\r\nb""#),
        ("tab\there", #""tab\there""#),
        ("say \"hi\" \\ bye", #""say \"hi\" \\ bye""#),
        ("\u{0}\u{7}\u{1b}\u{7f}", #""\x00\a\x1b\x7f""#),
        ("é 日本 😀", #""é 日本 😀""#),
        ("\u{85}\u{a0}\u{200b}\u{2028}", #""\u0085\u00a0\u200b\u2028""#),
        ("\u{e000}\u{10fffd}", #""\ue000\U0010fffd""#),
    ])
    func quote(text: String, quoted: String) {
        #expect(GoQuote.quote(text) == quoted)
    }
}

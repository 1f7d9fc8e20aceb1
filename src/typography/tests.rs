//! Tests of the typography rules, each in both directions, and
//! properties: idempotence, code left intact, no panic.

use super::*;
use proptest::prelude::*;

mod fast_paths;

fn text(input: &str) -> String {
    typeset_text(input)
}

fn html(input: &str) -> String {
    typeset_html(input)
}

/// Both entry points agree on markup-free text.
fn both(input: &str) -> String {
    let plain = typeset_text(input);
    assert_eq!(
        typeset_html(input),
        plain,
        "html and text differ on {input:?}"
    );
    plain
}

/// Output equals input, and stays so when typeset again.
fn unchanged_html(input: &str) {
    assert_eq!(html(input), input);
}

fn unchanged(input: &str) {
    assert_eq!(both(input), input);
}

// ---- rule 1: ; ! ?

#[test]
fn narrow_space_replaces_typed_space_before_marks() {
    assert_eq!(both("Vraiment ?"), "Vraiment\u{202f}?");
    assert_eq!(both("Oui ; non"), "Oui\u{202f}; non");
    assert_eq!(both("Bravo\u{a0}!"), "Bravo\u{202f}!");
    assert_eq!(both("Bravo   !"), "Bravo\u{202f}!");
    assert_eq!(both("Bravo\n!"), "Bravo\u{202f}!");
}

#[test]
fn narrow_space_inserted_where_a_mark_ends_a_word() {
    assert_eq!(both("Vraiment?"), "Vraiment\u{202f}?");
    assert_eq!(both("Vraiment? Oui."), "Vraiment\u{202f}? Oui.");
    assert_eq!(both("oui; non"), "oui\u{202f}; non");
    assert_eq!(both("(vraiment!)"), "(vraiment\u{202f}!)");
    assert_eq!(both("Il a 10!"), "Il a 10\u{202f}!");
}

#[test]
fn mark_runs_take_one_space() {
    assert_eq!(both("Quoi?!"), "Quoi\u{202f}?!");
    assert_eq!(both("Non!!"), "Non\u{202f}!!");
    assert_eq!(both("Quoi ?!"), "Quoi\u{202f}?!");
    assert_eq!(both("Quoi?!?"), "Quoi\u{202f}?!?");
}

#[test]
fn marks_inside_words_stay() {
    unchanged("a?b");
    unchanged("x;y");
    unchanged("for(;;)");
    unchanged("i++;");
    unchanged("Voir !important");
    unchanged("! en tête");
    unchanged("(!)");
    unchanged("»!");
}

#[test]
fn marks_after_inline_markup() {
    assert_eq!(html("<em>Attention</em>!"), "<em>Attention</em>\u{202f}!");
    assert_eq!(
        html("<p><em>Attention!</em></p>"),
        "<p><em>Attention\u{202f}!</em></p>"
    );
    assert_eq!(
        html("<strong>Vraiment</strong> ?"),
        "<strong>Vraiment</strong>\u{202f}?"
    );
    assert_eq!(html("<p>Fin!</p>"), "<p>Fin\u{202f}!</p>");
    assert_eq!(html("Fin!<br>Suite"), "Fin\u{202f}!<br>Suite");
}

#[test]
fn entities_are_not_followed_by_a_space_in_plain_text() {
    unchanged("R&amp;D");
    assert_eq!(text("Tom &amp; Jerry"), "Tom &amp; Jerry");
    assert_eq!(text("&#8239; fin"), "&#8239; fin");
}

#[test]
fn narrow_space_after_a_closing_guillemet() {
    assert_eq!(both("« oui » ?"), "«\u{a0}oui\u{a0}»\u{202f}?");
    assert_eq!(both("« oui »?"), "«\u{a0}oui\u{a0}»\u{202f}?");
    assert_eq!(both("« non »!"), "«\u{a0}non\u{a0}»\u{202f}!");
    assert_eq!(both("\"oui\"; non"), "«\u{a0}oui\u{a0}»\u{202f}; non");
    unchanged("«\u{a0}oui\u{a0}»\u{202f}?");
}

#[test]
fn no_space_before_comma_and_full_stop() {
    assert_eq!(both("mot , suite"), "mot, suite");
    assert_eq!(both("la fin ."), "la fin.");
    assert_eq!(
        both("le mot , puis un autre , fin"),
        "le mot, puis un autre, fin"
    );
    assert_eq!(both("« oui » , dit-il"), "«\u{a0}oui\u{a0}», dit-il");
    assert_eq!(both("10 km ."), "10\u{a0}km.");
    assert_eq!(
        html("<p>mot <em>,</em> fin</p>"),
        "<p>mot<em>,</em> fin</p>"
    );
    unchanged("le fichier .htaccess");
    unchanged("vaut .5");
    unchanged("Et puis … rien");
    unchanged("mot\n, suite");
    unchanged("( , )");
    unchanged("voir https://x.fr .");
}

// ---- rule 2: colon

#[test]
fn colon_gets_a_no_break_space() {
    assert_eq!(both("Note : texte"), "Note\u{a0}: texte");
    assert_eq!(both("Note: texte"), "Note\u{a0}: texte");
    assert_eq!(both("Note\u{202f}: texte"), "Note\u{a0}: texte");
    assert_eq!(both("Note:"), "Note\u{a0}:");
    assert_eq!(both("Note :\ntexte"), "Note\u{a0}:\ntexte");
    assert_eq!(html("<p>Note:</p>"), "<p>Note\u{a0}:</p>");
    assert_eq!(
        html("Voir:<a href=\"/x\">lien</a>"),
        "Voir\u{a0}:<a href=\"/x\">lien</a>"
    );
}

#[test]
fn colons_that_are_not_punctuation_stay() {
    unchanged("10:30");
    unchanged("Ratio 1:2");
    unchanged("a:b");
    unchanged("::before");
    unchanged("C:\\Windows");
    unchanged("Souris :)");
    unchanged("smiley:)");
    unchanged(": en tête");
    unchanged("ftp://serveur");
}

#[test]
fn colon_after_strong_markup() {
    assert_eq!(
        html("<p><strong>UPEC</strong> : université</p>"),
        "<p><strong>UPEC</strong>\u{a0}: université</p>"
    );
    assert_eq!(
        html("<p><strong>UPEC</strong>: université</p>"),
        "<p><strong>UPEC</strong>\u{a0}: université</p>"
    );
    assert_eq!(
        html("<p><strong>UPEC </strong>: université</p>"),
        "<p><strong>UPEC\u{a0}</strong>: université</p>"
    );
}

// ---- rule 3: guillemets and quotes

#[test]
fn guillemets_get_no_break_spaces_inside() {
    assert_eq!(both("«texte»"), "«\u{a0}texte\u{a0}»");
    assert_eq!(both("« texte »"), "«\u{a0}texte\u{a0}»");
    assert_eq!(both("«\u{202f}texte\u{202f}»"), "«\u{a0}texte\u{a0}»");
    assert_eq!(both("«  texte  »"), "«\u{a0}texte\u{a0}»");
    assert_eq!(both("«»"), "«\u{a0}»");
    assert_eq!(both("« »"), "«\u{a0}»");
    assert_eq!(html("«<em>texte</em>»"), "«\u{a0}<em>texte</em>\u{a0}»");
    assert_eq!(
        html("&laquo;texte&raquo;"),
        "&laquo;\u{a0}texte\u{a0}&raquo;"
    );
}

#[test]
fn straight_quotes_become_guillemets() {
    assert_eq!(both("Il dit \"bonjour\"."), "Il dit «\u{a0}bonjour\u{a0}».");
    assert_eq!(both("\"Oui\""), "«\u{a0}Oui\u{a0}»");
    assert_eq!(
        html("<p>Il dit &quot;bonjour&quot;.</p>"),
        "<p>Il dit «\u{a0}bonjour\u{a0}».</p>"
    );
    assert_eq!(html("<p>&#34;a&#x22;</p>"), "<p>«\u{a0}a\u{a0}»</p>");
}

#[test]
fn quotes_pair_across_inline_markup() {
    assert_eq!(
        html("<p>\"<strong>Citation</strong>\"</p>"),
        "<p>«\u{a0}<strong>Citation</strong>\u{a0}»</p>"
    );
    assert_eq!(
        html("<p>Voir \"<a href=\"x\">le lien</a>\" ici</p>"),
        "<p>Voir «\u{a0}<a href=\"x\">le lien</a>\u{a0}» ici</p>"
    );
    assert_eq!(
        html("<p>&quot;le <em>début</em> et la fin&quot;</p>"),
        "<p>«\u{a0}le <em>début</em> et la fin\u{a0}»</p>"
    );
}

#[test]
fn block_tags_reset_quote_pairing() {
    unchanged_html("<p>\"ouvert</p><p>fermé\"</p>");
    unchanged_html("<li>\"a</li><li>b\"</li>");
    assert_eq!(
        html("<p>\"a\"</p><p>\"b\"</p>"),
        "<p>«\u{a0}a\u{a0}»</p><p>«\u{a0}b\u{a0}»</p>"
    );
}

#[test]
fn nested_quotes_become_curly() {
    assert_eq!(
        both("« Il a dit \"oui\" hier »"),
        "«\u{a0}Il a dit “oui” hier\u{a0}»"
    );
    assert_eq!(
        both("\"Il a dit \"oui\" hier\""),
        "«\u{a0}Il a dit “oui” hier\u{a0}»"
    );
}

#[test]
fn lone_quotes_and_primes_stay() {
    unchanged("un \" seul");
    unchanged("\"ouvert sans fin");
    unchanged("fin sans début\" ici");
    unchanged("Record 2'33\"");
    unchanged("Écran de 27\"");
    unchanged("Un 5\" et un 7\"");
    unchanged("\"\"");
    assert_eq!(
        both("\"Chrono\" : 2'33\""),
        "«\u{a0}Chrono\u{a0}»\u{a0}: 2'33\""
    );
}

#[test]
fn curly_quotes_typed_by_the_author_stay() {
    unchanged("Il dit “bonjour” et ‘salut’.");
}

// ---- rule 4: apostrophe

#[test]
fn apostrophe_between_letters() {
    assert_eq!(both("l'UPEC"), "l’UPEC");
    assert_eq!(both("aujourd'hui"), "aujourd’hui");
    assert_eq!(both("L'État"), "L’État");
    assert_eq!(html("l'<em>éléphant</em>"), "l’<em>éléphant</em>");
    assert_eq!(html("l&#39;arbre l&apos;eau"), "l’arbre l’eau");
}

#[test]
fn other_apostrophes_stay() {
    unchanged("'tis");
    unchanged("2'33");
    assert_eq!(both("'rock'n'roll'"), "'rock’n’roll'");
    assert_eq!(both("rock'n'roll"), "rock’n’roll");
}

#[test]
fn word_final_apostrophe_becomes_curly() {
    assert_eq!(both("Silver Innov' lance"), "Silver Innov’ lance");
    assert_eq!(both("chez Silver Innov'."), "chez Silver Innov’.");
    assert_eq!(html("<p>Silver Innov'</p>"), "<p>Silver Innov’</p>");
    assert_eq!(both("les élèves' cahiers"), "les élèves’ cahiers");
    assert_eq!(both("le mot 'oui' et Innov'"), "le mot 'oui' et Innov’");
    unchanged("'oui'");
    unchanged("'tis");
    unchanged("80' plus");
}

// ---- rule 5: ellipsis

#[test]
fn three_dots_become_an_ellipsis() {
    assert_eq!(both("Et puis..."), "Et puis…");
    assert_eq!(both("Et puis ... rien"), "Et puis … rien");
    assert_eq!(both("...et alors"), "…et alors");
    assert_eq!(both("Quoi...?"), "Quoi…?");
}

#[test]
fn other_dot_runs_stay() {
    unchanged("cd ..");
    unchanged("a....b");
    unchanged("fin.");
    unchanged_html("..<em>.</em>");
}

// ---- rule 6: digit groups

#[test]
fn typed_spaces_between_digit_groups_become_narrow() {
    assert_eq!(both("12 000 habitants"), "12\u{202f}000\u{a0}habitants");
    assert_eq!(both("1 234 567"), "1\u{202f}234\u{202f}567");
    assert_eq!(both("1\u{a0}234,50"), "1\u{202f}234,50");
    assert_eq!(both("3 500 000 €"), "3\u{202f}500\u{202f}000\u{a0}€");
}

#[test]
fn digits_without_groups_stay() {
    unchanged("12000");
    unchanged("en 2023");
    unchanged("version 1.2.3");
    unchanged("de 1998 2000");
    unchanged("1234 567");
    unchanged("12 0000");
    unchanged("12  000");
    unchanged("1 234 56");
}

// ---- rule 7: percent and units

#[test]
fn percent_gets_a_no_break_space() {
    assert_eq!(both("50%"), "50\u{a0}%");
    assert_eq!(both("50 %"), "50\u{a0}%");
    assert_eq!(both("5‰"), "5\u{a0}‰");
    assert_eq!(both("12 000 %"), "12\u{202f}000\u{a0}%");
    unchanged("taux%");
}

#[test]
fn spaced_units_get_a_no_break_space() {
    assert_eq!(both("40 €"), "40\u{a0}€");
    assert_eq!(both("10 km"), "10\u{a0}km");
    assert_eq!(both("10 h 30"), "10\u{a0}h\u{a0}30");
    assert_eq!(both("1,5 m²"), "1,5\u{a0}m²");
    assert_eq!(both("20 °C."), "20\u{a0}°C.");
    assert_eq!(both("3 kWh, 2 MW"), "3\u{a0}kWh, 2\u{a0}MW");
    assert_eq!(both("8 Go"), "8\u{a0}Go");
}

#[test]
fn units_are_never_inserted_or_guessed() {
    unchanged("40€");
    unchanged("10km");
    assert_eq!(both("le 1 m'a dit"), "le 1\u{a0}m’a dit");
}

#[test]
fn a_number_and_the_word_after_it_stay_together() {
    assert_eq!(both("le 9 octobre"), "le 9\u{a0}octobre");
    assert_eq!(both("6 articles, 3 ans"), "6\u{a0}articles, 3\u{a0}ans");
    assert_eq!(both("2 kPa et 5 µm"), "2\u{a0}kPa et 5\u{a0}µm");
    assert_eq!(both("12 000 habitants"), "12\u{202f}000\u{a0}habitants");
    assert_eq!(both("10 kms"), "10\u{a0}kms");
    assert_eq!(
        html("<p>9 <em>octobre</em></p>"),
        "<p>9\u{a0}<em>octobre</em></p>"
    );
    unchanged("le 9\noctobre");
    unchanged("le 9 <code>x</code>");
    unchanged("9 (octobre)");
}

#[test]
fn an_abbreviation_and_the_number_after_it_stay_together() {
    assert_eq!(both("UMR 7182"), "UMR\u{a0}7182");
    assert_eq!(both("le BP 748, Créteil"), "le BP\u{a0}748, Créteil");
    assert_eq!(
        both("de 10 h 30 à 12 h"),
        "de 10\u{a0}h\u{a0}30\u{a0}à 12\u{a0}h"
    );
    assert_eq!(html("UMR <b>7182</b>."), "UMR\u{a0}<b>7182</b>.");
    unchanged("UMR\n7182");
    unchanged("en 2023");
    unchanged("A 4");
    unchanged("page 3");
}

#[test]
fn phone_numbers_never_break() {
    assert_eq!(both("01 78 18 22 22"), "01\u{a0}78\u{a0}18\u{a0}22\u{a0}22");
    assert_eq!(
        both("Tél. : +33 1 78 18 22 22."),
        "Tél.\u{a0}: +33\u{a0}1\u{a0}78\u{a0}18\u{a0}22\u{a0}22."
    );
    unchanged("01\u{a0}78\u{a0}18\u{a0}22\u{a0}22");
    unchanged("1 78 18 22 22");
    unchanged("01 78 18 22");
    unchanged("01 78 18 22 22 33");
    unchanged("+34 1 78 18 22 22");
    assert_eq!(both("01 78\n18 22 22"), "01\u{a0}78\n18\u{a0}22\u{a0}22");
}

// ---- rule 8: dash

#[test]
fn spaced_hyphen_between_words_becomes_en_dash() {
    assert_eq!(both("Paris - Lyon"), "Paris – Lyon");
    assert_eq!(both("fin. - Début"), "fin. – Début");
    assert_eq!(both("a - « b »"), "a – «\u{a0}b\u{a0}»");
    assert_eq!(both("'simple' - fin"), "'simple' – fin");
}

#[test]
fn other_hyphens_stay() {
    unchanged("Grand-Orly");
    unchanged("1990-2000");
    unchanged("10 - 5");
    unchanged("- liste");
    unchanged("a -- b");
    unchanged("a -b");
    unchanged("a- b");
}

// ---- rule 9: protected content

#[test]
fn attributes_stay() {
    // Addresses and other attributes stay; read-aloud ones (title, alt,
    // aria-label) are typeset like the text (issue 17).
    assert_eq!(
        html("<a title=\"Voir : ici\" href=\"https://x.fr:8080/?a=1\">lien</a>"),
        "<a title=\"Voir\u{a0}: ici\" href=\"https://x.fr:8080/?a=1\">lien</a>"
    );
    unchanged_html("<img alt='l’arbre…' src='a.png'>");
    assert_eq!(
        html("<a title=\"l'avion\">l'avion</a>"),
        "<a title=\"l’avion\">l’avion</a>"
    );
    assert_eq!(
        html("<span data-x=a>l'a</span>"),
        "<span data-x=a>l’a</span>"
    );
}

#[test]
fn protected_elements_stay() {
    unchanged_html("<p>Tapez <code>a : b; \"c\" l'd...</code></p>");
    unchanged_html("<pre><code>x = \"a\" ; y = 'b' ...\n12 000 %</code></pre>");
    unchanged_html("<kbd>Ctrl - C ?</kbd>");
    unchanged_html("<samp>Erreur : 50%</samp>");
    unchanged_html("<script>if (a) { b(\"x\"); } // l'a</script>");
    unchanged_html("<style>a::before { content: \"x\"; }</style>");
    unchanged_html("<textarea>l'a : b</textarea>");
    unchanged_html("<svg><text>l'a : b</text></svg>");
    unchanged_html("<math><mi>a</mi><mo>:</mo></math>");
    unchanged_html("<CODE>l'a</CODE>");
    unchanged_html("<code>a<code>b</code> l'a</code>");
    unchanged_html("<code>non fermé l'a ?");
}

#[test]
fn text_around_protected_elements_is_typeset() {
    assert_eq!(
        html("<p>l'<code>x'y</code>: fin</p>"),
        "<p>l’<code>x'y</code>\u{a0}: fin</p>"
    );
    assert_eq!(html("<pre>l'a</pre><p>l'a</p>"), "<pre>l'a</pre><p>l’a</p>");
}

#[test]
fn comments_and_declarations_stay() {
    unchanged_html("<!-- l'a : \"b\" -->");
    unchanged_html("<!DOCTYPE html>");
    unchanged_html("<![CDATA[ l'a ]]>");
    assert_eq!(html("l'a<!-- l'b -->l'c"), "l’a<!-- l'b -->l’c");
}

#[test]
fn urls_and_emails_in_text_stay() {
    unchanged("Voir https://x.fr:8080/a?b=1&c='d'...x");
    assert_eq!(both("Voir www.x.fr..."), "Voir www.x.fr…");
    unchanged("Voir http://exemple.fr/l'a");
    unchanged("www.upec.fr/a:b");
    unchanged("mailto:jean.o'neil@upec.fr");
    unchanged("Écrire à jean.o'neil@upec.fr");
    assert_eq!(
        both("Site : https://x.fr!"),
        "Site\u{a0}: https://x.fr\u{202f}!"
    );
    assert_eq!(both("\"https://x.fr\""), "«\u{a0}https://x.fr\u{a0}»");
    unchanged_html("<a href=\"https://x.fr\">https://x.fr/l'a?b</a>");
    unchanged_html("https://x.fr/?a=1&amp;b='c'");
}

#[test]
fn escaped_markup_stays_escaped() {
    assert_eq!(
        html("<p>&lt;b&gt; l'a &amp; b</p>"),
        "<p>&lt;b&gt; l’a &amp; b</p>"
    );
    unchanged_html("a &lt; b &amp;&amp; c &gt; d");
    unchanged_html("&eacute;t&eacute;");
}

#[test]
fn typed_entities_for_spaces_count_as_spaces() {
    unchanged_html("Note&nbsp;: fin");
    unchanged_html("Quoi&#8239;?");
    unchanged_html("Quoi&#x202F;?");
    assert_eq!(html("Quoi&nbsp;?"), "Quoi\u{202f}?");
    assert_eq!(html("Note&#8239;: fin"), "Note\u{a0}: fin");
    unchanged_html("&laquo;&#160;a&#xA0;&raquo;");
}

#[test]
fn stray_angle_brackets_are_text() {
    assert_eq!(html("a < b : c"), "a < b\u{a0}: c");
    assert_eq!(html("<3 l'a"), "<3\u{a0}l’a");
    assert_eq!(text("<em>l'a</em>"), "<em>l’a</em>");
    unchanged_html("<a title=\"non fermé l'a");
}

// ---- rule 10: idempotence

#[test]
fn typeset_text_comes_back_unchanged() {
    unchanged("l’UPEC\u{a0}: «\u{a0}bienvenue\u{a0}»\u{202f}!");
    unchanged("Et puis… 12\u{202f}000\u{a0}€, 50\u{a0}%, 10\u{a0}km – fin\u{202f}?!");
    unchanged("«\u{a0}Il a dit “oui”\u{a0}»");
    unchanged_html("<p><strong>UPEC</strong>\u{a0}: «\u{a0}<em>oui</em>\u{a0}»</p>");
}

#[test]
fn the_reference_example() {
    assert_eq!(
        both("l'UPEC : \"bienvenue\" !"),
        "l’UPEC\u{a0}: «\u{a0}bienvenue\u{a0}»\u{202f}!"
    );
    assert_eq!(
        html("<p>l'UPEC : &quot;bienvenue&quot; !</p>"),
        "<p>l’UPEC\u{a0}: «\u{a0}bienvenue\u{a0}»\u{202f}!</p>"
    );
}

#[test]
fn plain_strings_take_the_fast_path() {
    for input in ["", "Bonjour", "Université Paris-Est", "<p>Texte simple</p>"] {
        if input.contains('-') {
            unchanged(input);
        } else {
            assert!(!needs_work(input.as_bytes()), "{input}");
            unchanged(input);
        }
    }
}

#[test]
fn a_realistic_page() {
    let input = "<h2 id=\"a\">L'UPEC et l'innovation</h2>\n\
        <p>Le <strong>campus</strong> : 12 000 étudiants, 40 % de boursiers...</p>\n\
        <blockquote><p>&quot;Une réussite&quot;, dit-elle. Vraiment?</p></blockquote>\n\
        <pre><code>let x = \"a\";</code></pre>\n";
    let expected = "<h2 id=\"a\">L’UPEC et l’innovation</h2>\n\
        <p>Le <strong>campus</strong>\u{a0}: 12\u{202f}000\u{a0}étudiants, 40\u{a0}% de boursiers…</p>\n\
        <blockquote><p>«\u{a0}Une réussite\u{a0}», dit-elle. Vraiment\u{202f}?</p></blockquote>\n\
        <pre><code>let x = \"a\";</code></pre>\n";
    assert_eq!(html(input), expected);
    unchanged_html(expected);
}

// ---- properties

#[rustfmt::skip]
const PIECES: &[&str] = &[
    "a", "é", "L", "x", "0", "1", "2", "3", " ", " ", "\u{a0}", "\u{202f}", "\n", "\t",
    ";", ":", "!", "?", "\"", "'", ".", "-", "%", "‰", "«", "»", "“", "”", "’", "…", "—",
    "(", ")", "[", "€", "km", "m²", "°C", "h", "@", "/", "#", "<", ">", "&",
    "<em>", "</em>", "<code>", "</code>", "<p>", "</p>", "<br>", "<pre>", "</pre>",
    "<a href=\"x:y\">", "</a>", "<!--", "-->", "&quot;", "&nbsp;", "&amp;", "&#39;",
    "&#8239;", "https://x.fr", "www.", "mailto:", "a@b.fr", "http", "s://", "w", "min",
    "to:", ",", " ,", " .", "+", "UMR", "BP", "01", "33", "µm", "Innov'",
];

fn soup_without(max: usize, excluded: &'static [&str]) -> impl Strategy<Value = String> {
    let pieces: Vec<&str> = PIECES
        .iter()
        .copied()
        .filter(|p| !excluded.contains(p))
        .collect();
    prop::collection::vec(prop::sample::select(pieces), 0..max).prop_map(|v| v.concat())
}

fn soup(max: usize) -> impl Strategy<Value = String> {
    soup_without(max, &[])
}

/// No piece of the soup can form `<code` except the two tags.
fn code_free(max: usize) -> impl Strategy<Value = String> {
    soup_without(max, &["<code>", "</code>"])
}

/// Also without a dangling `<` or `<!--` that would swallow the next
/// tag (as a browser would), nor a `<pre>` that a `</pre>` inside the
/// code element would close.
fn tag_safe(max: usize) -> impl Strategy<Value = String> {
    soup_without(max, &["<code>", "</code>", "<", "<!--", "<pre>", "</pre>"])
}

/// The soup with more prose: words, commas and spaces make stand-ins.
fn prose(max: usize) -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "le", "mot", "été", "œuvre", "×", "ÿ", "ſ", "x", "km", "www", "https", "mailto", "amp",
        ",", ", ", " ", " ", "  ",
    ]);
    let piece = prop_oneof![prop::sample::select(PIECES.to_vec()), words];
    prop::collection::vec(piece, 0..max).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn html_is_idempotent(input in soup(60)) {
        let once = typeset_html(&input);
        prop_assert_eq!(typeset_html(&once), once.clone(), "input {:?}", input);
    }

    #[test]
    fn text_is_idempotent(input in soup(60)) {
        let once = typeset_text(&input);
        prop_assert_eq!(typeset_text(&once), once.clone(), "input {:?}", input);
    }

    #[test]
    fn code_content_is_untouched(
        before in tag_safe(20),
        inner in code_free(20),
        after in code_free(20),
    ) {
        let input = format!("{before}<code>{inner}</code>{after}");
        let output = typeset_html(&input);
        let element = format!("<code>{inner}</code>");
        let found = output.find("<code>");
        prop_assert!(found.is_some());
        let at = found.unwrap_or_default();
        prop_assert!(output[at..].starts_with(&element), "{:?} -> {:?}", input, output);
    }

    #[test]
    fn stand_ins_change_nothing(input in prose(60)) {
        prop_assert_eq!(typeset_html(&input), typeset_markup(&input, false), "input {:?}", &input);
        if needs_work(input.as_bytes()) {
            prop_assert_eq!(typeset_text(&input), typeset_plain(&input, false), "input {:?}", &input);
        }
    }

    #[test]
    fn arbitrary_unicode_never_panics(input in "\\PC{0,60}") {
        let once = typeset_html(&input);
        prop_assert_eq!(typeset_html(&once), once.clone());
        let once = typeset_text(&input);
        prop_assert_eq!(typeset_text(&once), once.clone());
    }
}

// Private to text: the word layer shared by NameKey, SplitNameUnits and the
// gazetteer. A name is cut into tokens (words split on spaces, hyphens,
// punctuation and digits); each token keeps its byte range in the input and
// its fold: ASCII letters lower-cased with transliteration marks as '\'',
// Arabic letters in one spelling each (alef forms -> ا, hamza carriers -> ء,
// Persian letters -> Arabic, marks and tatweel dropped), other Latin letters
// decomposed by ICU (ā ī ū ē ō doubled, so a long vowel stays long).
#ifndef SIJIL_TEXT_INTERNAL_NAME_WORDS_H_
#define SIJIL_TEXT_INTERNAL_NAME_WORDS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sijil::text::internal {

struct Token {
  size_t begin;  // byte range of the token in the input
  size_t end;
  size_t fold_begin;  // range of its fold in TokenList::folds
  size_t fold_end;
};

// The tokens of one input. Reused between calls (clear() keeps capacity), so
// that cutting a name allocates nothing once warm.
struct TokenList {
  std::vector<Token> tokens;
  std::string folds;
  std::string_view Fold(const Token& token) const {
    return std::string_view(folds).substr(token.fold_begin, token.fold_end - token.fold_begin);
  }
};

// Fills *out with the tokens of `s` (any bytes; invalid UTF-8 separates).
void Tokenize(std::string_view s, TokenList* out);

// What a token is for the grouping of words into name units.
enum class WordRole {
  kName,       // an ordinary name word
  kArticle,    // al, el, ال, آل and the assimilated as-, ash-, ad-... (see IsArticle)
  kAbd,        // عبد, abd, abdul, abdel...: joins the next word
  kAbu,        // أبو, abu, abou...: joins the next word
  kSuffix,     // الدين, din, eddin, الله, allah...: joins the previous word
  kConnector,  // بن, ابن, بنت, bin, ibn, ben, bint: dropped between units
};

// The role of a token's fold. `next_fold` is the following token's fold (or
// empty): an assimilated article "ash", "ad", "ar"... is one only before a
// word that starts with its consonant ("ash-Shami", "ad-Din").
WordRole RoleOf(std::string_view fold, std::string_view next_fold);

// Appends the cross-script key of one token's fold (which may hold a joined
// compound such as "abdulrahman", "nureddin", "عبدالله", "alzoubi") to *out.
// `use_variants` consults data/names/variants.tsv first.
void AppendWordKey(std::string_view fold, bool use_variants, std::string* out);

}  // namespace sijil::text::internal

#endif  // SIJIL_TEXT_INTERNAL_NAME_WORDS_H_

//! The registry of diagnostic codes: one stable id, title and explanation per code.
//!
//! Codes never change meaning once published; `stratc explain CODE` prints the
//! explanation. Errors are `E` codes, warnings `W` codes.

macro_rules! codes {
    ($($variant:ident = $id:literal, $title:literal, $explanation:literal;)*) => {
        /// A stable diagnostic code such as `E0001`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($variant),*
        }

        impl Code {
            /// Every code, in registry order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable id, such as `E0001`.
            pub fn id(self) -> &'static str {
                match self {
                    $(Code::$variant => $id),*
                }
            }

            /// A one-line title.
            pub fn title(self) -> &'static str {
                match self {
                    $(Code::$variant => $title),*
                }
            }

            /// A paragraph on what the code means and how to fix it.
            pub fn explanation(self) -> &'static str {
                match self {
                    $(Code::$variant => $explanation),*
                }
            }
        }
    };
}

codes! {
    Syntax = "E0001", "syntax error",
        "The text does not follow the grammar of the stratc language: a token is missing or \
         one stands where it cannot. The label points at the first token the parser could not \
         use and says what it expected there. Statements end at a newline or a `;`; blocks are \
         written in `{ }`; numbers take their unit after them (`40k USD`, `3 months`). Each \
         top-level item is parsed on its own, so one mistake does not hide errors in the items \
         after it.";
    NestingTooDeep = "E0002", "nesting too deep",
        "Parentheses and braces nest deeper than stratc allows (64 levels). No strategy needs \
         that depth; it usually means a bracket was opened and never closed, or the file is not \
         a strategy at all. Close the brackets or flatten the expression.";
    InvalidNumber = "E0003", "invalid number",
        "A number is too large to represent, or a word stands right after it that is not a \
         magnitude suffix. Numbers are written as `1_200_000`, `2.5`, `40k`, `1.2M`, `3B`, \
         `800万`, `2.5亿` or `15%`: the suffixes are `k` (thousand), `M` (million), `B` \
         (billion), `万` (ten thousand) and `亿` (a hundred million), and nothing else may touch \
         the digits. The unit follows after a space: `800万 CNY`, not `800万CNY` or `1500w CNY`. \
         The count after `per` in a unit (`per 1k tokens`) is a number above zero, not a \
         percent.";
    InvalidEscape = "E0004", "invalid escape in a string",
        "A backslash in a string starts an escape, and only `\\\\`, `\\\"`, `\\n`, `\\t` and \
         `\\u{...}` (a Unicode scalar value in hex) are known. Write `\\\\` for a backslash.";
    InvalidDate = "E0005", "invalid date",
        "A date is written `YYYY-MM-DD` and must exist in the calendar: `2027-01-04`, not \
         `2027-13-01` or `2027-02-30`.";
    UnreadableFile = "E0006", "cannot read a file",
        "stratc could not read a file it was asked to check, build or format. Check the path \
         and its permissions. stratc reads strategies from regular files only (not folders, \
         devices or FIFOs), of at most 64 MB.";
    NotUtf8 = "E0007", "file is not UTF-8",
        "Strategy files are UTF-8 text. The label points at the first byte that is not valid \
         UTF-8; re-save the file as UTF-8.";
    StrayDocComment = "E0008", "doc comment documents nothing",
        "A `///` doc comment attaches to the item, task or pricing option written below it and \
         is shown in the plan. This one stands where nothing follows that it could document. \
         Move it above an item, or write `//` for a plain comment.";
    OutsideRoot = "E0009", "file outside the root",
        "With `--root DIR`, stratc reads only files inside DIR: the strategy, every file a \
         `use` names, and the templates of `--templates`. This file lies outside it once its \
         symbolic links are resolved (`use \"../secret.env\"`, `use \"/etc/passwd\"`, or a \
         link that points out of DIR), so it was not read and nothing of it is shown. Move \
         the file inside DIR, or drop the `use`. Without `--root`, stratc reads any path.";
    HiddenCharacter = "E0010", "character the plan cannot show in a string",
        "Strings (the strategy's and items' titles, competitors' names, `use` paths) and doc \
         comments are shown in the plans, in Markdown, HTML, Mermaid, DOT and LP files, and \
         in the terminal. A string is one line of plain text, so it cannot hold a line break \
         or a tab (`\\n`, `\\t`), another control character (ESC, BEL, NUL, written raw or as \
         `\\u{1b}`), a bidirectional override or isolate (U+202A to U+202E, U+2066 to \
         U+2069), a line separator or a byte order mark: each could break a plan's layout, \
         hide part of it, or drive the terminal. A doc comment may hold tabs. Remove the \
         character; write a title on one line and say more in a `///` doc comment.";
    FullWidthCharacter = "E0011", "full-width punctuation in code",
        "Code is written with ASCII punctuation: `:`, `;`, `,`, `(`, `)`, `{`, `}`, `\"`, `=`, \
         `%` and the ASCII space. A Chinese input method types their full-width forms (`：`, \
         `；`, `，`, `（`, `）`, `｛`, `｝`, `“`, `＝`, `％`, the ideographic space `　`) and \
         full-width digits (`１`) unless it is switched to half-width punctuation. The label \
         names the ASCII character to type instead. Strings and comments may hold any \
         character, full-width ones included: `title \"二三级医院，民营\"` is fine.";
    UnknownName = "E0101", "unknown name",
        "A name is used that nothing defines: a market, channel, param, stage, task, archetype, \
         built-in quantity or call. The help names the nearest known name when there is one. \
         Names are case-sensitive.";
    Duplicate = "E0102", "defined twice",
        "Two items of one kind share a name, or something a strategy has once (its strategy \
         block, its objective, a market's pricing) is written twice. The labels point at both. \
         Markets and channels share one namespace, since `customers(x)` could mean either. A \
         count unit named in lower-case letters is one unit in the singular and the plural, \
         so `unit token` and `unit tokens` declare it twice.";
    ReservedName = "E0103", "reserved name",
        "A param may not be named after a built-in quantity (`revenue`, `share`, `spend`, …), \
         since expressions would read it ambiguously; a channel may not be named after a \
         stage, since `spend(x)` takes either; a count unit may not be named after a built-in \
         unit (`customers`, `months`, or three capital letters, which read as a currency \
         code).";
    MissingImport = "E0104", "imported file cannot be read",
        "A `use \"./file.strat\"` names a file that cannot be read. The path is relative to the \
         file that holds the `use`. stratc reads regular files only (not folders, devices or \
         FIFOs), of at most 64 MB.";
    ImportCycle = "E0105", "import cycle",
        "Files import each other in a circle. The message prints the cycle. Move what both \
         files need into a third file that both import.";
    UnknownLibraryName = "E0106", "unknown library module or archetype",
        "A `use std.…` names a library module or archetype that does not exist. The library \
         modules are `std.channels` and `std.pricing`; `docs/stdlib.md` lists their archetypes.";
    MissingAttribute = "E0107", "missing attribute",
        "An item lacks something it needs: the strategy block its currency, horizon or \
         budget; a market its size; a channel the markets it reaches or its response curve; a \
         pricing option its price; a curve its base or points.";
    RepeatedAttribute = "E0108", "attribute given twice",
        "One block gives the same attribute twice, and stratc will not guess which one is meant. \
         Keep one.";
    MisplacedStatement = "E0109", "statement in the wrong place",
        "The `satisfaction` block belongs to the `service` stage and `tech` to `iteration`; \
         `load` belongs to satisfaction only.";
    BadCall = "E0110", "wrong arguments",
        "The built-in calls take one name: `spend(c)` a channel or stage, `customers(x)` and \
         `revenue(x)` a channel or market, `share(m)` a market, `active(c)` a channel.";
    UnknownUnit = "E0111", "unknown unit",
        "A unit word is neither a built-in unit nor a count unit the strategy declares. The \
         built-in units are the strategy's currency code (`USD`), `customers`, and the units \
         of time (`days`, `weeks`, `months`, `quarters`, `years`, each also in the \
         singular). A strategy declares its own count units with a top-level `unit tokens` \
         (or `calls`, `seats`, `documents`, …), and may then write `price 0.012 USD per 1k \
         tokens` and `usage 40M tokens/month`. A declared name of lower-case letters is also \
         written in the singular or plural (`unit tokens` takes `per token`). The help names \
         the nearest known unit when there is one.";
    UnknownLocale = "E0112", "unknown locale",
        "`locale` in the strategy block names the language of the plans, and stratc has only \
         the locales whose files it was built with: `en` (the default) and `zh-CN`. The help \
         lists them. `stratc build --locale` overrides the strategy's locale for one build.";
    WrongDimension = "E0201", "wrong dimension",
        "A value has the wrong kind of unit for where it stands: every attribute requires its \
         dimension (money for `setup`, time for `lead`, customers for `size`, money per time for \
         `price`, a plain number or percent for shares). A bare number is not money or \
         customers: write `40k USD`, `400 customers`. The help spells the value with the unit \
         it needs. A price is what one customer pays per month or year (`2k USD/month`; it is \
         per customer already, so `USD per customer` is not a price), or a price per a count \
         unit the strategy declares, paired with `usage` (`price 0.02 CNY per call; usage 2k \
         calls/month` after `unit calls`).";
    MixedDimensions = "E0202", "mixed dimensions",
        "The two sides of a comparison, or the terms of a sum, have different dimensions: \
         `revenue` is money per time, so `revenue >= 2M USD` compares money per time with \
         money. Write `2M USD/year`.";
    ForeignCurrency = "E0203", "foreign currency",
        "Money is in the strategy's one currency. stratc has no exchange rates, so an amount in \
         another currency is an error: convert it.";
    UnknownCurrency = "E0204", "unknown currency",
        "The strategy's currency must be an ISO 4217 code in current use, such as `USD`, `EUR` \
         or `GBP`.";
    NotConstant = "E0205", "not a constant",
        "Attributes and params take constants: numbers with units, and params. Quantities the \
         optimiser decides (`revenue`, `spend`, …) belong in constraints and objectives.";
    DivisionByZero = "E0206", "division by zero",
        "An expression divides by a value that is zero.";
    ParamNotation = "E0207", "value not written as the param is",
        "A scenario or `--set` gives a param a value written otherwise than its declaration. \
         A param declared as a percent (`param size_factor = 100%`) takes a percent \
         (`--set size_factor=80%`): a bare `80` would be 8000%. A param declared as a plain \
         number (`param base = 3.4`) takes a plain number, not a percent. (A param with a unit \
         takes a value in a unit of the same dimension, or it is E0201.) The help spells the \
         value as the declaration writes it.";
    NonLinear = "E0301", "not linear",
        "Constraints and objectives must be linear in the optimiser's decisions: a decision \
         quantity may be multiplied or divided by constants, but not multiplied by another \
         decision quantity nor used as a divisor. The labels name the decision factors. \
         Rewrite `revenue / spend >= 3` as `revenue >= 3 * spend` (with units that match).";
    ImpliesNeedsActive = "E0302", "`=>` needs `active(...)`",
        "`=>` links the opening of two channels: `active(a) => active(b)` means that if a is \
         opened, b is opened too. Anything else on either side is an error.";
    CurveStartsAtZero = "E0401", "curve starts at zero spend",
        "A response curve starts at zero spend by itself (the origin, or the base of a \
         satisfaction or tech curve); its first written point must spend more than zero.";
    CurveSpendNotIncreasing = "E0402", "curve spend not increasing",
        "The spend points of a response curve must strictly increase from one point to the \
         next.";
    CurveDecreases = "E0403", "curve decreases",
        "A response curve's values never fall as spend grows: more spend never wins fewer \
         customers or less satisfaction.";
    CurveNotConcave = "E0404", "curve not concave",
        "Response curves must show diminishing returns: the slope of each segment (the value \
         added per unit of spend) is at most the slope of the segment before it, starting from \
         the origin. The label names the point where the slope rises. A concave curve is what \
         diminishing returns look like, and it keeps the optimisation a linear program \
         wherever more customers can only help.";
    SplitsDoNotSum = "E0405", "splits do not sum to 100%",
        "A channel that reaches several markets splits the customers it wins among them; the \
         splits must sum to 100%. A channel that reaches one market may omit its split.";
    NoPrice = "E0406", "reached market has no price",
        "A channel reaches a market that has no price: neither a `price` in the market nor a \
         `pricing` block with options. Customers served there would bring no revenue.";
    CompetitorsTakeAll = "E0407", "competitors take the whole market",
        "The competitor shares of a market add up to 100% or more, leaving no customers.";
    OutOfRange = "E0408", "value out of range",
        "A value lies outside what it can be: budgets, sizes, costs, spend bounds and \
         durations are not negative; a revenue share is at most 100%; `spend min` is not \
         above `spend max`; a horizon is longer than zero; a frontier has 2 to 100 points; a \
         strategy declares at most 16 count units.";
    ReachedAndOwnCurve = "E0409", "market both reached and with its own curve",
        "A channel's `response M { … }` gives market M a curve of its own, driven by the \
         channel's spend; the shared `response { … }` is split over the markets of \
         `reaches`. A market cannot take both: take it out of `reaches` (and make the other \
         splits sum to 100%), or drop its own curve.";
    Unrepresentable = "E0410", "number the solver cannot hold faithfully",
        "The solver works with numbers scaled near one (money in hundredths of the budget, \
         customers in hundredths of the largest market) to tolerances near 1e-9. In the units \
         the plan shows (currency units, customers, months; prices and other rates per year), \
         money and customers are zero or between 0.0001 and 1e12, durations and plain numbers \
         between 1e-6 and 1e12, a rate per customer such as `load` between 1e-12 and 1e6. A \
         market's customers after competitors are at least a millionth of the largest \
         market's; a response value or a customers bound at least a hundred-millionth of it, \
         and a response value at most 10,000 times it; an amount of money at most a hundred \
         million times the budget, and a response curve's step in spend at least a \
         hundred-millionth of it. Outside, a number is solved as zero or as infinity: `size \
         10000B customers` once gave an \"optimal\" plan with no revenue. Check the suffix \
         (`B` is a billion, `亿` a hundred million) and the unit; `docs/language.md` has the \
         table.";
    PriceNeedsUsage = "E0411", "price per a count unit without `usage`",
        "An option's price is per a count unit (`price 0.012 USD per 1k tokens`), so what a \
         customer pays a month depends on how many units they use. Say it with `usage`, the \
         units one customer uses per unit of time: `usage 40M tokens/month`. The monthly \
         price the optimiser uses is then the price times the usage (0.012 USD per 1k tokens \
         × 40M tokens/month = 480 USD/month). A market's `price` takes `usage` the same way.";
    UsageDoesNotCancel = "E0412", "`usage` in another unit than the price's",
        "A price per a count unit times the usage must give money per month: the usage must \
         count the unit the price is per, per unit of time. `price 0.012 USD per 1k tokens` \
         with `usage 5k calls/month` gives money × calls per token per month, which is no \
         price. Give the usage in the price's unit (`usage 40M tokens/month`), or the price \
         per the usage's unit (`price 0.02 USD per call`). A usage without a time \
         (`usage 40M tokens`) is wrong too: write how many units per month, week, day or \
         year.";
    UsageWithoutUnitPrice = "E0413", "`usage` without a price per a count unit",
        "`usage` says how many count units one customer uses, and only means something beside \
         a price per such a unit (`price 0.012 USD per 1k tokens; usage 40M tokens/month`). \
         This option's price is already per month or year, so the usage would be ignored. \
         Write the price per unit, or remove `usage`.";
    RangeOutOfOrder = "E0414", "range ends out of order",
        "A range gives a number as a guess between two ends: `300..500 customers` (any value \
         between them equally likely) or `300..400..500 customers` (low, most likely, high). \
         Its ends are written in that order: each at least the one before. Swap the ends.";
    RangeCurveNotConcave = "E0415", "curve not concave for some values of its ranges",
        "A response curve whose points are written as ranges must be concave (its slopes \
         never rising, E0404), never fall and keep its spend increasing for every value the \
         ranges can take, since the plan is evaluated on samples of them. stratc checks each \
         corner of the curve at the worst combination of the ends of the ranges around it \
         (each of them at its low or its high end); the message names the points and the \
         combination that breaks it. Narrow the ranges, or write the points further apart.";
    RangeNotHere = "E0416", "range where a number must be exact",
        "A range (`300..500`) says how unsure a guess is. It is allowed where a strategy \
         writes a guess about the market: response points, market sizes, prices, usage, \
         conversions, leads, revenue shares and params (and through a param, anywhere the \
         param is used). Budgets, costs, spend bounds, durations, constraints, objectives, \
         scenario and `--set` values are decisions or facts, and take one number; use a \
         param with a range to make one of them uncertain.";
    RangeEndsUnlike = "E0417", "range ends written unlike",
        "The ends of a range are written in one notation: all percents (`20%..30%`) or none \
         (`0.2..0.3`). `20..30%` would read as 20 to 0.3.";
    MissingCurve = "E0501", "curve not defined",
        "`satisfaction` or `tech` is used in a constraint or objective, but the strategy has no \
         satisfaction block (in `stage service`) or tech block (in `stage iteration`) to say \
         what it is.";
    WeightOutsideWeighted = "E0502", "`weight` outside a weighted objective",
        "Only the terms of `objective weighted { … }` take a `weight`.";
    WithinOutsideLexicographic = "E0503", "`within` outside a lexicographic objective",
        "Only the terms of `objective lexicographic { … }` take a `within` tolerance.";
    RobustOutsideSingle = "E0504", "robust reading in a weighted or lexicographic objective",
        "`at pNN`, `expected` and `worst` read one objective over samples of the strategy's \
         ranges: `objective maximize revenue at p10`. A weighted or lexicographic objective \
         is read at the most likely values; write the robust objective alone, or keep the \
         requirement that must hold in every sample as `constraint … in every sample`.";
    RobustOutOfRange = "E0505", "robust objective's percentile or samples out of range",
        "A robust objective's percentile runs from `p0` (the worst sample) to `p100`, and it \
         holds 1 to 1000 samples (`over 100 samples`; 50 when not written). Each sample is a \
         copy of the plan's customers, revenue and `in every sample` constraints in one \
         program, so the program grows with the samples.";
    DependencyCycle = "E0601", "dependency cycle",
        "Stages and tasks wait for each other in a circle, so none of them could start. The \
         message prints the cycle (`research → model → research`) and the labels mark the \
         `after` dependencies on it; remove one. Stages follow the default chain research → \
         channels → model → promotion → service → iteration unless `stage X after …` \
         replaces X's predecessors, and each channel's opening is a task of `channels`. A \
         task or stage that waits for a channel (`after aws`) waits for its opening, so that \
         opening must not itself wait for the task or stage.";
    ChannelWaitsForChannel = "E0602", "channel waits for a channel's go-live",
        "A channel's opening waits, through `after` dependencies, for another channel to go \
         live: `channel b { after a }`, or b waits for a task that waits for a. A channel's \
         go-live sets its ramp, which the optimiser needs before it decides which channels \
         to open, so it cannot depend on whether another channel opens. The message prints \
         the chain and the labels mark the `after`s on it. Make the channel wait for a stage \
         or a task instead; tasks and stages may wait for a channel (`after aws`).";
    Infeasible = "E0701", "infeasible",
        "No plan meets every requirement of the strategy. The diagnostic names a minimal set of \
         requirements (named constraints, the budget, stage budgets, spend minimums, \
         lexicographic bounds) that cannot hold together: without any one of them the rest \
         can. Loosen or drop one. A set of one is a requirement that cannot hold on its own.";
    SolverFailed = "E0702", "solver failed",
        "The solver stopped without a plan: it crashed, reported a numerical failure, or ran \
         out of time before finding any plan. stratc never prints a plan it does not have. \
         Try `--solver highs` (in a stratc built with `--features highs`), or give it a \
         `--time-limit`.";
    NoObjective = "W0001", "no objective",
        "The strategy has no objective, so the plan maximizes revenue. Add one to say what to \
         pursue.";
    LateChannel = "W0002", "channel goes live too late",
        "A channel goes live at or after the horizon, so its ramp is zero and it can win no \
         customers within the plan. Shorten its lead or what it waits for, or lengthen the \
         horizon.";
    ScheduleTooLong = "W0003", "schedule runs past the horizon",
        "The last stage finishes after the horizon. The plan still covers the horizon only; \
         shorten the tasks on the critical path or lengthen the horizon.";
    NotProvenOptimal = "W0004", "plan not proven optimal",
        "The time limit stopped the solver before it proved the plan optimal. The plan is the \
         best it found and is marked so; raise `--time-limit` or try `--solver highs`.";
    SharedCurvePriceGap = "W0005", "one curve shared by markets of very different prices",
        "A channel splits one response curve over markets whose monthly prices differ more \
         than five times. The split says that a fixed part of every customer the spend wins \
         lands in each market, whatever they pay; a market priced far above the others then \
         makes most of the revenue from a small, fixed slice of a curve measured on cheaper \
         customers. If the expensive market answers the spend differently, give it a curve \
         of its own: `response finance { 500k CNY => 5 customers }`.";
    ExtraNotComputed = "W0006", "an extra of the plan could not be computed",
        "The plan was found, but something built around it could not be: a marginal value, \
         the explanation of a closed channel, or a point of the trade-off frontier, whose \
         solve failed or ran out of time. The plan is complete and is written; the item \
         says what failed. Try `--solver highs`, or a longer `--time-limit`.";
    RobustWithoutRanges = "W0007", "read over samples without ranges",
        "A robust objective (`at p10`, `expected`, `worst`) or a constraint `in every sample` \
         reads the strategy over samples of its ranges, but the strategy writes no number as \
         a range, so every sample is the most likely one and the plan is the plain plan. \
         Write the numbers you are unsure of as ranges (`300..500 customers`).";
}

#[cfg(test)]
mod tests {
    use super::Code;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_and_well_formed() {
        let mut seen = HashSet::new();
        for code in Code::ALL {
            let id = code.id();
            assert!(seen.insert(id), "{id} is used twice");
            assert_eq!(id.len(), 5, "{id}");
            assert!(id.starts_with('E') || id.starts_with('W'), "{id}");
            assert!(id[1..].chars().all(|c| c.is_ascii_digit()), "{id}");
            assert!(!code.explanation().is_empty());
        }
    }
}

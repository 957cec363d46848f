/**
 * Word lists for topic extraction. STOPWORDS: function words and spoken filler (never a topic, also
 * used by the keyword-frequency baseline). GENERIC: common verbs, adverbs, adjectives and vague
 * nouns of conversation that can sit inside a phrase but never make a topic on their own.
 */
const list = (s: string) => new Set(s.split(/\s+/).filter(Boolean));

export const STOPWORDS: ReadonlySet<string> = list(`
a about above after again against all am an and any are aren't as at be because been before being below between both
but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each few for from further had
hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his how how's i i'd
i'll i'm i've if in into is isn't it it's its itself let's me more most mustn't my myself no nor not of off on once only
or other ought our ours ourselves out over own same shan't she she'd she'll she's should shouldn't so some such than
that that's the their theirs them themselves then there there's these they they'd they'll they're they've this those
through to too under until up very was wasn't we we'd we'll we're we've were weren't what what's when when's where
where's which while who who's whom why why's with won't would wouldn't you you'd you'll you're you've your yours
yourself yourselves also just will shall may might must ok okay yeah yes yep yup no nope um uh umm uhm er erm ah oh hmm
hm mm mhm uh-huh huh like well right so anyway actually basically literally really gonna wanna gotta kinda sorta ya
hey hi hello bye thanks thank please sure alright cool wow ooh whoa gosh oops ha haha lol one two three four five six
seven eight nine ten first second also else ever every everything everyone everybody something someone somebody
anything anyone nothing nobody thing things stuff lot lots bit kind sort way yeah yeh aye em eh laughs laughing cough
inaudible crosstalk unintelligible dunno cause 'cause cos gotta eleven twelve thirteen fourteen fifteen
sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million billion
half percent
`);

export const GENERIC: ReadonlySet<string> = list(`
say says said saying think thinks thought thinking know knows knew knowing mean means meant get gets got getting go
goes going went gone come comes came coming make makes made making take takes took taking see sees saw seen look looks
looked looking want wants wanted need needs needed give gives gave given tell tells told ask asks asked try tries tried
trying use uses used using work works worked working put puts keep keeps let lets seem seems feel feels felt find
finds found call calls called talk talks talked talking start started show shows showed guess suppose sound sounds
sounded hear heard wait waiting happen happened mind maybe probably perhaps quite pretty still even much many little
big small good great nice bad fine new old sure able same different last next whole certain fact idea point case
question answer part time times today now later soon day days week weeks month months year years minute minutes hour
hours moment people person guys guy everybody team way ways sense example something kind sort lot couple number
number numbers bit side end start yes okay true real really definitely absolutely exactly basically obviously
probably certainly clearly honestly totally already again always never sometimes usually often here there back
around away together maybe else able wanna gonna stuff thing things put getting done doing does did go get got
kept keeps keeping bring brings brought very too just only also actually quite rather somewhat enough less least more most better best worse worst own
`);

/**
 * Sightline's own sentiment lexicon, written by hand for spoken English in customer conversations
 * (valence -4..+4). It is not derived from any data set; see docs/quality.md for how it is measured.
 * Compact "word:valence" lists keep the module small; inflected forms are listed where they matter.
 */
const POSITIVE = `
great:3 greatest:3 good:1.9 better:1.5 best:3 nice:1.9 nicer:1.5 fine:0.8 cool:1.3 awesome:3 amazing:3 amazed:2.5
wonderful:3 fantastic:3 excellent:3 terrific:3 brilliant:3 superb:3 perfect:2.7 perfectly:2 outstanding:3 incredible:2.5
love:3 loved:3 loves:3 loving:2.5 lovely:2.8 adore:3 like:0 likes:1.5 liked:1.5 enjoy:2.2 enjoyed:2.2 enjoying:2.2
happy:2.6 happier:2.5 happiest:3 glad:2.4 pleased:2.4 delighted:3 thrilled:3 excited:2.6 exciting:2.6 excite:2.2
thank:1.8 thanks:1.6 thankful:2.2 grateful:2.5 appreciate:1.8 appreciated:1.8 appreciative:2 welcome:1.2
congratulations:3 congrats:3 congratulate:2.5 cheers:1.5 bravo:3 yay:3 hooray:3 woohoo:3 yippee:3 wow:2.3 ooh:1.4
ohh:0.8 aww:1.2 haha:2 hahaha:2.3 lol:1.8 hi:0.9 hello:0.6 hey:0.4 yes:1 yeah:0.2 yep:0.3 sure:0.5 absolutely:1.2 definitely:1
beautiful:2.8 gorgeous:3 pretty:0.6 cute:2 handsome:2.2 sweet:2 sweetie:1.5 honey:0.8 darling:1 dear:0.5
fun:2.2 funny:1.6 hilarious:2.5 laugh:1.2 laughing:1.2 smile:1.8 smiling:1.8 joy:2.8 proud:2.4 pride:1.6 lucky:2.2
friend:0.5 friends:0.5 kind:0 kindly:1 helpful:2.2 help:0.6 helped:1.4 helps:1.2 useful:1.8 valuable:2 value:0.8
win:2.3 wins:2.2 won:2 winning:2.2 success:2.5 successful:2.5 succeed:2.2 achievement:2 achieve:1.5 accomplish:1.5
easy:1.4 easier:1.6 easiest:1.6 simple:0.8 smooth:1.5 smoothly:1.5 fast:1 faster:1.3 quick:0.6 quicker:1 efficient:1.8
solid:1.5 reliable:2 stable:1.2 secure:1 safe:1.2 strong:1.4 impressive:2.6 impressed:2.6 remarkable:2.4
improve:1.5 improved:1.8 improvement:1.8 improves:1.5 improving:1.5 benefit:1.6 benefits:1.5 save:1 saved:1.4
saving:1 savings:1.4 gain:1.2 gains:1.2 growth:1.4 grow:1 growing:1.1 boost:1.6 exceed:1.8 exceeded:2.2 exceeds:1.8
favorite:2.2 favourite:2.2 recommend:1.8 recommended:1.8 worth:1.2 worthwhile:1.8 promising:1.8 encouraging:2.2
positive:1.8 optimistic:2 confident:1.8 comfortable:1.4 relieved:1.8 relief:1.6 calm:1 peace:1.2
agree:1.2 agreed:1.2 okay:0 ok:0 alright:0.3 correct:0.8 right:0 exactly:1 totally:0.4 indeed:0.6
interesting:1.3 interested:1.4 curious:0.8 fascinating:2.4 fabulous:3 marvelous:3 magnificent:3 spectacular:3
care:0.6 caring:1.8 support:0.6 supportive:2 trust:1.4 trusted:1.6 honest:1.5 honestly:0 fair:0.8 generous:2.2
celebrate:2.6 celebration:2.4 party:0.8 birthday:0.8 wedding:0.4 kiss:1.5 hug:1.8 baby:0.3 romantic:2 sexy:2
yum:2.5 delicious:2.8 tasty:2.4 fresh:1 clean:0.8 nicely:1.8 well:0 wisely:1.6 smart:1.8 clever:1.8 genius:2.6
ready:0.6 hope:1.2 hoping:1 hopefully:0.8 wish:0.6 luck:1.2 fortunately:1.8 cheerful:2.5 joyful:2.8
solved:1.8 resolved:1.6 fixed:1.3 works:0.8 worked:0.8 working:0.3 ease:1.2 easily:1.3 flawless:3 seamless:2.4
rock:0.8 rocks:1.8 rocked:2 neat:1.8 super:1.6 ideal:2.2 thrive:2.2 thriving:2.2 paid:0 masterpiece:3 masterful:2.8
classic:1.2 satisfying:2.2 satisfied:2 satisfaction:2 reasonable:1.2 reasonably:1 attentive:2 friendly:2 courteous:2
delightful:2.8 pleasant:2.2 pleasantly:2 pleasure:2.2 enjoyable:2.4 charming:2.4 phenomenal:3 stellar:3 heaven:2 heavenly:2.6
blessed:2.2 gem:2.2 treat:1 fantastically:3 wonderfully:3 beautifully:2.8 highlight:1.6 recommendation:1
affordable:1.5 bargain:1.5 intuitive:2 powerful:1.6 flexible:1.3 responsive:1.6 convenient:1.8 accurate:1.5 quality:0.4
stunning:2.8 memorable:2.2 unforgettable:2.6 convincing:1.5 credible:1.2 believable:1.2 lovable:2.4 brilliance:2.8
compelling:2 engaging:1.8 entertaining:2 captivating:2.6 riveting:2.6 gripping:2.2 breathtaking:2.8 heartwarming:2.5
satisfactory:1.2 standout:2.2 enthralling:2.6 refreshing:2 touching:1.2 superbly:3 excellence:2.8
`;

const NEGATIVE_EXTRA = `
bland:-1.8 mediocre:-2 meh:-1.5 blah:-1.5 avoid:-1.8 disgrace:-2.8 disgraceful:-2.8 rudely:-2.4 rudeness:-2.4 lukewarm:-1.3
soggy:-1.6 stale:-1.6 underwhelming:-2 uninspired:-1.8 greasy:-1.2 unhealthy:-1.4 letdown:-2.4 joke:-0.6 downside:-1.5
disgusted:-2.8 grossed:-2.4 ignored:-2 rushed:-1.2 horrendous:-3.2 shameful:-2.6 abysmal:-3 trash:-2.4 garbage:-2.6
junk:-2.2 unoriginal:-1.8 incomprehensible:-2 unconvincing:-1.8 dreary:-1.8 pretentious:-1.8 torture:-2.6 lacks:-1.2
lacked:-1.2 lacking:-1.2 cheap:-0.8 flimsy:-1.8 misleading:-2 displeased:-2.4 inexcusable:-2.8 beware:-1.8 flaw:-1.6
flawed:-1.8 freezes:-1.6 defective:-2.4 unbearable:-2.6 unbearably:-2.4 badly:-2.2 vomit:-2.6 predictable:-1 worthless:-2.8
sloppy:-2 awkward:-1.2 overrated:-2 insult:-2.2 insulting:-2.4 disrespectful:-2.4 incompetent:-2.6 unprofessional:-2.4
hassle:-1.8 headache:-1.8 waited:-0.6 refund:-0.8 unusable:-2.6 junky:-2.2 mess:-1.8 tasteless:-2 dirty:-1.8 filthy:-2.6
noisy:-1 loud:-0.6 cold:-0.4 overcooked:-1.6 undercooked:-1.6 burnt:-1.4 disappoint:-2.4 disappoints:-2.4 pointless:-2.4
unwatchable:-3 cheesy:-1.6 forgettable:-1.5 uninteresting:-1.8 unsatisfactory:-2 unfunny:-2
sucky:-2.4 crappy:-2.5 shoddy:-2.4 subpar:-2 inferior:-2 lousy:-2.5 unfortunate:-1.8 pity:-1.4 hopeless:-2.4 fragile:-1
`;

const NEGATIVE = `
bad:-2.5 worse:-2.6 worst:-3.2 terrible:-3.2 horrible:-3.2 awful:-3.2 dreadful:-3 poor:-2 poorly:-2
hate:-3.2 hated:-3 hates:-3 hating:-3 dislike:-2 disgusting:-3.2 gross:-2.5 ew:-2.2 eww:-2.5 yuck:-2.5 ugh:-2.2 ugly:-2.5
stupid:-2.6 dumb:-2.3 idiot:-3 idiots:-3 idiotic:-3 moron:-3 jerk:-2.8 fool:-2 foolish:-2 ridiculous:-2.3 silly:-1
crazy:-1.4 insane:-1.8 nuts:-1.2 weird:-1.2 strange:-0.8 odd:-0.6 freak:-2 freaking:-1.5 freaked:-2 creepy:-2.3
sorry:-1.1 apologize:-0.8 apologies:-0.6 unfortunately:-1.8 sadly:-2 sad:-2.4 sadness:-2.5 unhappy:-2.6 upset:-2.4
angry:-2.8 mad:-2.3 furious:-3.3 annoyed:-2.2 annoying:-2.2 annoys:-2 irritated:-2.3 irritating:-2.3 frustrated:-2.5
frustrating:-2.5 frustration:-2.5 disappointed:-2.6 disappointing:-2.6 disappointment:-2.6 embarrassing:-2.4
embarrassed:-2.4 ashamed:-2.5 shame:-2 guilty:-1.6 regret:-2 jealous:-2 lonely:-2.2 miserable:-3 depressed:-2.8
depressing:-2.8 cry:-2 crying:-2.2 cried:-2 tears:-1.6 hurt:-2.3 hurts:-2.3 hurting:-2.3 pain:-2.2 painful:-2.5
scared:-2.2 afraid:-2 fear:-2.2 frightened:-2.5 terrified:-3 terrifying:-3 nervous:-1.6 worried:-1.9 worry:-1.4
worrying:-1.8 anxious:-1.8 panic:-2.4 stress:-1.8 stressed:-2 stressful:-2.2 tired:-1.4 exhausted:-1.6 exhausting:-1.6
sick:-2 ill:-1.6 dead:-2.4 die:-2.6 died:-2.6 dying:-2.6 death:-2.6 kill:-2.8 killed:-2.8 killing:-2.6 murder:-3
damn:-2 dammit:-2.4 goddamn:-2.5 hell:-1.6 crap:-2.3 shit:-2.6 fuck:-3 fucking:-2.5 bloody:-1.4 bitch:-3 bastard:-3
suck:-2.3 sucks:-2.5 sucked:-2.4 screw:-1.8 screwed:-2.5 shut:-1.2 liar:-3 lie:-1.8 lied:-2.4 lying:-2.2 cheat:-2.6
cheated:-2.8 cheating:-2.6 betrayed:-3 blame:-1.8 fault:-1.6 wrong:-1.8 mistake:-1.8 mistakes:-1.8 error:-1.4 errors:-1.4
problem:-1.4 problems:-1.6 issue:-0.8 issues:-0.8 trouble:-1.9 difficult:-1.4 hard:-0.8 harder:-0.9 tough:-1 struggle:-1.8
struggling:-2 fail:-2.2 fails:-2.2 failed:-2.3 failing:-2.2 failure:-2.5 broken:-2.2 broke:-1.6 break:-0.6 crash:-2
crashed:-2.2 crashes:-2.2 bug:-1.4 bugs:-1.5 buggy:-2.2 glitch:-1.6 outage:-2.3 down:-0.5 slow:-1.4 slower:-1.5 lag:-1.2
lags:-1.2 lagging:-1.3 delay:-1.4 delayed:-1.6 delays:-1.6 late:-1 stuck:-1.7 lost:-1.5 lose:-1.6 losing:-1.7 loss:-1.8
expensive:-1.6 overpriced:-2.4 costly:-1.6 pricey:-1.4 waste:-2.2 wasted:-2.3 wasting:-2.2 useless:-2.6 
confusing:-1.8 confused:-1.5 complicated:-1.3 messy:-1.7 chaos:-1.7 unacceptable:-3 unreliable:-2.4
risk:-1 risky:-1.6 concern:-1 concerned:-1.4 concerns:-1 complain:-1.8 complaint:-1.8 complaints:-1.8 complaining:-1.8
cancel:-1.5 cancelled:-1.6 canceled:-1.6 churn:-1.8 switch:-0.3 leave:-0.5 leaving:-0.6 quit:-1.5 fired:-2.3
anger:-2.8 rage:-3 yell:-2 yelling:-2.2 scream:-2 screaming:-2.2 fight:-2 fighting:-2 argue:-1.6 argument:-1.6
disaster:-3 catastrophe:-3 nightmare:-3 tragic:-3 horrific:-3.2 pathetic:-2.8 lame:-2 boring:-1.8 bored:-1.6 dull:-1.5
rude:-2.4 mean:0 nasty:-2.6 evil:-3 cruel:-3 selfish:-2.3 unfair:-2.2 loser:-2.6 sucker:-2 pervert:-2.6
alone:-1 miss:-0.8 missed:-1 missing:-1 ruin:-2.6 ruined:-2.8 destroy:-2.6 destroyed:-2.8 damage:-2 damaged:-2.2
ouch:-2 oops:-1 uh-oh:-1.8 whoops:-1 dang:-1.4 darn:-1.4 geez:-1 jeez:-1 gosh:-0.3 duh:-1.2 huh:0 hmm:-0.2 hm:-0.2
please:0 stop:-1 enough:-0.3 cramped:-1.2 truncated:-1 spoiled:-2 declining:-1.2 declined:-1.4 decline:-1.2 drop:-0.4
uneven:-1.2 cumbersome:-1.8 clunky:-1.8 tedious:-1.8 gap:-1 gaps:-1 blocker:-1.8 blocked:-1.4 threat:-2
hacked:-2.5 breach:-2.6 vulnerable:-1.6 inaccurate:-2 incorrect:-1.6 escalation:-1.2 escalated:-1.4
`;

function parse(list: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const entry of list.split(/\s+/)) {
    if (!entry) continue;
    const at = entry.lastIndexOf(":");
    map.set(entry.slice(0, at), Number(entry.slice(at + 1)));
  }
  return map;
}

export const LEXICON: ReadonlyMap<string, number> = new Map([
  ...parse(POSITIVE),
  ...parse(NEGATIVE),
  ...parse(NEGATIVE_EXTRA),
]);

/** Multi-word expressions scored as one unit (matched on normalized lower-case text). */
export const PHRASES: ReadonlyArray<readonly [string, number]> = [
  ["no problem", 1.5],
  ["no worries", 1.5],
  ["not bad", 1.2],
  ["not a bad", 1.2],
  ["nothing short of", 2],
  ["not a problem", 1.5],
  ["no doubt", 0.8],
  ["of course", 0.8],
  ["thank you", 2],
  ["thank god", 1.5],
  ["you're welcome", 1.2],
  ["can't wait", 2.2],
  ["cannot wait", 2.2],
  ["well done", 2.5],
  ["good job", 2.6],
  ["great job", 3],
  ["looking forward", 2],
  ["makes sense", 1],
  ["sounds good", 1.8],
  ["sounds great", 2.5],
  ["big deal", -0.5],
  ["not a big deal", 0.3],
  ["shut up", -2],
  ["oh no", -2],
  ["oh god", -1],
  ["what the hell", -2.5],
  ["what the heck", -2],
  ["the hell", -1.5],
  ["let me down", -2.4],
  ["let us down", -2.4],
  ["let you down", -2.4],
  ["fed up", -2.5],
  ["pissed off", -3],
  ["get out", -1.2],
  ["go away", -1.4],
  ["leave me alone", -2],
  ["too bad", -1.5],
  ["no way", -0.6],
  ["not sure", -0.4],
  ["i'm sorry", -1],
  ["went wrong", -2],
  ["goes wrong", -1.8],
  ["kind of a", 0],
  ["sort of", 0],
  ["a pain", -2],
  ["pain in the", -2.2],
  ["on top", 0],
  ["worth it", 1.8],
  ["don't waste", -2.2],
  ["waste of", -2.2],
  ["can't beat", 2],
  ["cannot beat", 2],
  ["couldn't ask for", 2.2],
  ["could not ask for", 2.2],
  ["to die for", 2.5],
  ["can't say enough", 2.5],
  ["couldn't be happier", 3],
  ["could not be happier", 3],
  ["can't complain", 1],
  ["never again", -2],
  ["steer clear", -2],
  ["sending it back", -1.5],
  ["below expectations", -2],
  ["gave up", -1.5],
  ["give up", -1.2],
  ["at best", -1],
  ["a joke", -2],
  ["must see", 2],
  ["spot on", 2],
  ["top notch", 2.6],
  ["highly recommend", 3],
  ["not worth", -2],
  ["no good", -2],
];

/** Words that invert the valence of what follows (within a short window). */
export const NEGATORS: ReadonlySet<string> = new Set([
  "not",
  "no",
  "never",
  "nothing",
  "nobody",
  "none",
  "neither",
  "nor",
  "without",
  "hardly",
  "barely",
  "cannot",
  "ain't",
  "aren't",
  "can't",
  "couldn't",
  "didn't",
  "doesn't",
  "don't",
  "hadn't",
  "hasn't",
  "haven't",
  "isn't",
  "mightn't",
  "mustn't",
  "needn't",
  "shouldn't",
  "wasn't",
  "weren't",
  "won't",
  "wouldn't",
  "dont",
  "cant",
  "wont",
  "isnt",
  "didnt",
  "doesnt",
]);

/** Intensifiers (> 1) and downtoners (< 1) that scale the next sentiment word. */
export const BOOSTERS: ReadonlyMap<string, number> = new Map([
  ["very", 1.3],
  ["really", 1.3],
  ["so", 1.25],
  ["too", 1.2],
  ["extremely", 1.5],
  ["incredibly", 1.5],
  ["totally", 1.3],
  ["completely", 1.3],
  ["absolutely", 1.4],
  ["utterly", 1.5],
  ["super", 1.4],
  ["truly", 1.3],
  ["highly", 1.3],
  ["most", 1.2],
  ["much", 1.2],
  ["pretty", 1.1],
  ["quite", 1.1],
  ["genuinely", 1.3],
  ["especially", 1.2],
  ["such", 1.2],
  ["bit", 0.7],
  ["slightly", 0.6],
  ["somewhat", 0.7],
  ["fairly", 0.8],
  ["little", 0.8],
  ["barely", 0.6],
  ["kinda", 0.7],
  ["almost", 0.8],
]);

/** Contrast words: what follows weighs more than what came before. */
export const CONTRASTS: ReadonlySet<string> = new Set(["but", "however", "although", "though", "yet", "except"]);

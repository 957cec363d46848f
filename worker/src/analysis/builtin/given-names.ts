/**
 * Common English given names. A topic phrase that starts with one is a person ("david jordan",
 * "ada longmund"), never a subject of the call; participants are excluded by name already, people
 * who are only talked about are caught here. Names that are also common words ("will", "mark",
 * "bill", "grace", "may", "june", "rose", "max", "chase") are left out on purpose.
 */
const list = (s: string) => new Set(s.split(/\s+/).filter(Boolean));

export const GIVEN_NAMES: ReadonlySet<string> = list(`
aaron adam adrian ahmed aisha alan albert alex alexander alexandra alexis alice alicia alison allison amanda amber amy
ana andrea andrew andy angela anna anne annie anthony antonio arthur ashley barbara ben benjamin beth betty beverly
brandon brenda brian bruce bryan carl carla carlos carol caroline catherine charles charlie charlotte chris christian
christina christine christopher cindy claire cynthia daniel danielle david debbie deborah debra denise dennis diana
diane donald donna dorothy douglas dylan edward elena elizabeth ellen emily emma eric erica erik ethan eugene evelyn
fiona frances francis gabriel gary george gerald gloria greg gregory hannah harold harry heather helen henry ian
isabella jack jacob jacqueline james jamie jane janet janice jason jean jeff jeffrey jennifer jeremy jerry jessica
joan joe john johnny jonathan jordan jose joseph joshua joyce juan judith judy julia julie justin karen katherine
kathleen kathryn kathy keith kelly kenneth kevin kim kimberly kyle larry laura lauren linda lisa logan lori louis
lucas luis madison margaret maria marie marilyn martha martin mary matthew megan melissa michael michelle mike
mohammed nancy natalie nathan nicholas nicole noah olivia oliver pamela patricia patrick paul peter philip priya
rachel ralph raymond rebecca richard robert roger ronald ruth ryan samantha samuel sandra sara sarah scott sean
sharon shirley sophia stephanie stephen steve steven susan teresa theresa thomas timothy tom tyler victoria vincent
virginia walter wayne william zachary ada
`);

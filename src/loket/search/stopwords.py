"""Words too common to search on, per language (after lower-casing, before stemming).

Based on the Snowball project's stop lists, which PostgreSQL's dutch, french and english
text search configurations also use, with accents removed as the analyser removes them.
"""

EN = """
a about above after again against all am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for
from further had has have having he her here hers herself him himself his how i if in
into is it its itself just me more most my myself no nor not now of off on once only or
other our ours ourselves out over own same she should so some such than that the their
theirs them themselves then there these they this those through to too under until up
very was we were what when where which while who whom why will with would you your
yours yourself yourselves
"""

NL = """
aan al alles als altijd andere ben bij daar dan dat de der deze die dit doch doen door
dus een eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun
iemand iets ik in is ja je kan kon kunnen maar me meer men met mij mijn moet na naar
niet niets nog nu of om omdat onder ons ook op over reeds te tegen toch toen tot u uit
uw van veel voor want waren was wat werd wezen wie wil worden wordt zal ze zelf zich zij
zijn zo zonder zou
"""

FR = """
a ai aie aient aies ait as au aura aurai auraient aurais aurait auras aurez auriez
aurions aurons auront aux avaient avais avait avec avez aviez avions avons ayant ayez
ayons c ce ceci cela ces cet cette d dans de des du elle en es est et etaient etais
etait etant ete etes etiez etions eu eue eues eurent eus eusse eussent eusses eussiez
eussions eut eutes eux fumes furent fus fusse fussent fusses fussiez fussions fut futes
ici il ils j je l la le les leur leurs lui m ma mais me meme mes moi mon n ne nos notre
nous on ont ou par pas pour qu que quel quelle quelles quels qui s sa sans se sera serai
seraient serais serait seras serez seriez serions serons seront ses soi soient sois soit
sommes son sont soyez soyons suis sur t ta te tes toi ton tu un une vos votre vous y
"""

STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(EN.split()),
    "nl": frozenset(NL.split()),
    "fr": frozenset(FR.split()),
}

import { describe, it, expect } from 'vitest';
import { compareNames } from './index';
import { match, noMatch } from './spec-helpers';

/** Spelling habits found among the misses of the session-2 benchmark (bench/results/names.json). */
describe('compareNames: transliteration habits seen in the lists', () => {
  it('reads unaccented -inova/-ynova as Russian, not as Czech -ová', () => {
    match('Jelena Aleksejevna PERMINOVA', 'Елена Алексеевна ПЕРМИНОВА');
    match('Marina Nikolaevna ZHEYNOVA', 'ЖЕЙНОВА Марина Николаевна');
  });

  it('reads Czech -ová added to any surname (a final -а/-о drops)', () => {
    match('Irina Pradunová', 'Ірына Васільеўна ПРАДУН');
    match('Nastassja Papková', 'Анастасия Павловна ПОПКО');
    match('Zinaida Vasiľevna BALABALAVOVÁ', 'Зинаида Васильевна БАЛАБОЛАВА');
  });

  it('keeps both readings of ch when one name mixes habits', () => {
    match('Anton Olegovič TKACHEV', 'Антон Олегович ТКАЧЁВ');
    match('Ksenia Alexandrovna GORJATCHEVA', 'Ксения Александровна Горячева');
  });

  it('reads Swedish dzj, zj next to tj, Czech ť, GOST shh, rz outside Polish', () => {
    match('Vladimir Michajlovitj DZJABAROV', 'Vladimir Michailovich DZHABAROV');
    match('Michail Vasiljevitj ZJELTJAKOV', 'Михайло Васильович ЖЕЛТЯКОВ');
    match('Arťom Černov', 'Артём Чернов');
    match('Vladimir Mikhailovich RUSHHAK', 'Владимир Михайлович РУЩАК');
    match('Tatyana Viktorovna PEREVERZEVA', 'Татьяна Викторовна ПЕРЕВЕРЗЕВА');
    match('Konstantin Yurievich MIRZAYANTS', 'Константин Юрьевич МИРЗАЯНЦ');
  });

  it('folds Belarusian and Ukrainian forms: ша/ше, final ць, тс/тц, оу as two vowels', () => {
    match('Дзмітрый Яўгенавіч ШАЎЦОЎ', 'Дмитрий Евгеньевич ШЕВЦОВ');
    match('Oleksandr Jurijovytj KOBETS', 'Олександр Юрiйович КОБЕЦЬ');
    match('Alexey MALITSKIY', 'Алексей Малитский');
    match('Viktor Petrovich LUTSEV', 'Виктор Петрович ЛУТЦЕВ');
    match('Michail Nikolajewitsch BELUSOW', 'Михаил Николаевич БЕЛОУСОВ');
    match('Grigore CARAMALAC', 'Григорий КАРАМАЛАК');
  });

  it('reads soft signs written as primes or apostrophes, and stray Cyrillic letters', () => {
    match('Artʹom Sviridov', 'Артьом Свиридов');
    match('Al’ona Zaur', 'Альона Заур');
    match('Aĺona Zaur', 'Альона Симоновна Заур');
    match('Viachaslaў Zhuravskii', 'Вячаслаў Гумарович Журавский');
  });

  it('forgives a typo in a patronymic but not another father', () => {
    match('Елена Николаевна АНАНИЧ', 'Elena Nikoayevna ANANICH');
    noMatch('Елена Николаевна АНАНИЧ', 'Elena Mikhailovna ANANICH');
  });

  it('drops ranks and the Arabic article', () => {
    match('Plukovník Oleksandr Fedorko', 'Олександр ФЕДОРКО');
    match('Nabel ABDULLAH', 'Nabeul AL-ABDULLAH');
  });

  it('still keeps male and female forms apart', () => {
    noMatch('Jelena PERMINOVA', 'Jelena PERMINOV');
    noMatch('Alexey MALITSKIY', 'Алексей Малитская');
    noMatch('Anton TKACHEV', 'Anton TKACHEVA');
  });
});

describe('compareOrgs: legal forms and kinds of enterprise', () => {
  const score = (a: string, b: string) => compareNames(a, b, { schema: 'Organization' });
  it('finds transliterated spelt-out legal forms', () => {
    expect(score("Obshchestvo s ogranichennoy otvetstvennost'yu Sonatek", 'ООО Сонатек').match).toBe(true);
  });
  it('sets aside kinds of enterprise (НПО = NPO = Scientific and Production Association)', () => {
    expect(score('NPO "STRELA"', 'НАУЧНО-ПРОИЗВОДСТВЕННОЕ ОБЪЕДИНЕНИЕ "СТРЕЛА"').match).toBe(true);
    expect(score('PJSC “Research and Production Association ‘ISKRA’”', 'PJSC NPO Iskra').match).toBe(true);
    expect(score('NPO "Strela"', 'NPO "Almaz"').match).toBe(false);
  });
  it('reads Latin c as k before back vowels in brands', () => {
    expect(score('Acuta', 'Akuta JSC').match).toBe(true);
    expect(score('Acuta', 'Akkord JSC').match).toBe(false);
  });
});

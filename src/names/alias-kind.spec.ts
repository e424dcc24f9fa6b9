import { describe, it, expect } from 'vitest';
import { isOtherName } from '../../bench/names-alias-kind';

/**
 * The benchmark's matcher-independent rule that sorts aliases into spellings and other names
 * (bench/names-alias-kind.ts): other names are reported apart, so the rule must never take a
 * spelling variant out of the spelling figures.
 */
const other = (a: string, b: string) => expect(isOtherName(a, b, 'Person'), `${a} / ${b}`).toBe(true);
const spelling = (a: string, b: string) => expect(isOtherName(a, b, 'Person'), `${a} / ${b}`).toBe(false);

describe('alias kind: nicknames', () => {
  it('a one-word alias like no word of the full name is a nickname', () => {
    other("'Tsar'", 'Vladimir Petrovich KONONOV');
    other('Alexey Yurevich MILCHAKOV', 'Fritz');
    other('Igor Nikolajevitj BEZLER', 'Bes (Saatan)');
  });
  it('a one-word alias that spells the surname or the given name stays a spelling', () => {
    spelling('Aleksandr Sergeyevich USHKO', 'Ushko');
    spelling('Mikhaïl Mikhaïlovich PRUDNIKOV', 'Micha');
    spelling('Vladimir LIPCHENKO', 'Vlodek');
  });
  it('only for persons (an organisation abbreviation is left to the older rule)', () => {
    expect(isOtherName('Tsar', 'Vladimir Petrovich KONONOV', 'Organization')).toBe(false);
  });
});

describe('alias kind: maiden and married surnames', () => {
  it('same given name (and patronymic), surnames with nothing in common but the ending', () => {
    other('Majja Nikolajevna BOLOTOVA', 'Maya Nikolaevna TOKAREVA');
    other('Yekaterina Sergeyevna VINOKUROVA', 'Yekaterina Sergeyevna LAVROVA');
    other('Katerina Vladimirovna TIKHONOVA', 'Yekaterina Putina');
    other('Jelena Borisovna DMITRIJEVA', 'Jelena Borisovna MIZULINA');
  });
  it('keeps spelling variants of one surname, whatever the system', () => {
    spelling('Andrei Petrovich Teterin', 'Андрэй Пятровіч Цяцерын');
    spelling('Olga Nikolajevna CHOCHLOVA', 'Olga Nikolayevna KHOKHLOVA');
    spelling('Valyantsina Mikalaeuna ZIANKEVICH', 'Vaľancina Mikalajevna ZIANKEVIČOVÁ');
    spelling('Alena Ananičová', 'Alena Mikalayeuna ANANICH');
    spelling('Анна Борисовна COPOKA', 'Anna Borissovna SOROKA');
    spelling('Viktar Šaucou', 'Viktor Arkadievich SHEVTSOV');
  });
  it('needs a given name or patronymic in common beside the surnames', () => {
    spelling('BOLOTOVA', 'TOKAREVA');
    spelling('Maya BOLOTOVA', 'TOKAREVA');
  });
});

import type { Jurisdiction, Regime } from './sanctions.types';

/**
 * Every programme of the four reference lists (data/sanctions/README.md) → jurisdiction, regime
 * group and legal basis. The Belarus / Russia grouping follows the README exactly, so regime counts
 * there can be tested: Belarus = EU BLR, OFAC BELARUS + BELARUS-EO14038, UK Belarus regulations,
 * Canada Belarus; Russia = EU UKR + RUS + RUSDA, OFAC RUSSIA-EO14024/14065/14066/14068/14071,
 * UKRAINE-EO13660/13661/13662/13685, CAATSA - RUSSIA, UK Russia regulations, Canada Russia.
 * Canada's separate Ukraine regime and OFAC's BPI-RUSSIA-EO14024 (blocked pending investigation)
 * are "other", as in the README.
 *
 * A legal basis is given only where we are sure of it: a wrong citation in a designation record is
 * worse than none. EU codes shared by several regimes (IRN) or whose base act we have not verified
 * (GTM, SDNZ, UNLI) have none.
 */

export interface ProgrammeDefinition {
  jurisdiction: Jurisdiction;
  /** Short code stored with the target. */
  code: string;
  /** Other spellings lists use for it (FtM `program` text); compared ignoring case and spacing. */
  aliases?: readonly string[];
  regime: Regime;
  legalBasis?: string;
}

const eu = (code: string, legalBasis?: string, regime: Regime = 'other'): ProgrammeDefinition => ({
  jurisdiction: 'EU',
  code,
  regime,
  ...(legalBasis ? { legalBasis } : {}),
});

const us = (code: string, legalBasis?: string, regime: Regime = 'other'): ProgrammeDefinition => ({
  jurisdiction: 'US',
  code,
  regime,
  ...(legalBasis ? { legalBasis } : {}),
});

// UK regime names are the statutory instruments themselves, so the name is the legal basis.
const uk = (code: string, name: string, regime: Regime = 'other', si?: string): ProgrammeDefinition => ({
  jurisdiction: 'UK',
  code,
  aliases: [name],
  regime,
  legalBasis: si ? `${name} (SI ${si})` : name,
});

const ca = (
  code: string,
  name: string,
  regime: Regime = 'other',
  legalBasis?: string,
): ProgrammeDefinition => ({
  jurisdiction: 'CA',
  code,
  aliases: [name],
  regime,
  ...(legalBasis ? { legalBasis } : {}),
});

const eo = (n: number): string => `Executive Order ${n}`;

export const PROGRAMMES: readonly ProgrammeDefinition[] = [
  // ── EU FSF programme codes ──
  eu('BLR', 'Council Regulation (EC) No 765/2006', 'Belarus'),
  eu('UKR', 'Council Regulation (EU) No 269/2014', 'Russia'),
  eu('RUS', 'Council Regulation (EU) No 833/2014', 'Russia'),
  eu('RUSDA', 'Council Regulation (EU) 2024/2642', 'Russia'),
  eu('AFG', 'Council Regulation (EU) No 753/2011'),
  eu('CAF', 'Council Regulation (EU) No 224/2014'),
  eu('CHEM', 'Council Regulation (EU) 2018/1542'),
  eu('COD', 'Council Regulation (EC) No 1183/2005'),
  eu('CYB', 'Council Regulation (EU) 2019/796'),
  eu('EUAQ', 'Council Regulation (EU) 2016/1686'),
  eu('GIN', 'Council Regulation (EU) No 1284/2009'),
  eu('GTM'),
  eu('HAM', 'Council Regulation (EU) 2024/386'),
  eu('HR', 'Council Regulation (EU) 2020/1998'),
  eu('HTI', 'Council Regulation (EU) 2022/2309'),
  eu('IRN'),
  eu('IRQ', 'Council Regulation (EC) No 1210/2003'),
  eu('LBY', 'Council Regulation (EU) 2016/44'),
  eu('MDA', 'Council Regulation (EU) 2023/888'),
  eu('MLI', 'Council Regulation (EU) 2017/1770'),
  eu('MMR', 'Council Regulation (EU) No 401/2013'),
  eu('NIC', 'Council Regulation (EU) 2019/1716'),
  eu('PRK', 'Council Regulation (EU) 2017/1509'),
  eu('SDN', 'Council Regulation (EU) No 747/2014'),
  eu('SDNZ'),
  eu('SOM', 'Council Regulation (EU) No 356/2010'),
  eu('SSD', 'Council Regulation (EU) 2015/735'),
  eu('SYR', 'Council Regulation (EU) No 36/2012'),
  eu('TAQA', 'Council Regulation (EC) No 881/2002'),
  eu('TERR', 'Council Regulation (EC) No 2580/2001'),
  eu('TUN', 'Council Regulation (EU) No 101/2011'),
  eu('UNLI'),
  eu('VEN', 'Council Regulation (EU) 2017/2063'),
  eu('YEM', 'Council Regulation (EU) No 1352/2014'),

  // ── OFAC SDN programme tags ──
  us('BELARUS', eo(13405), 'Belarus'),
  us('BELARUS-EO14038', eo(14038), 'Belarus'),
  us('RUSSIA-EO14024', eo(14024), 'Russia'),
  us('RUSSIA-EO14065', eo(14065), 'Russia'),
  us('RUSSIA-EO14066', eo(14066), 'Russia'),
  us('RUSSIA-EO14068', eo(14068), 'Russia'),
  us('RUSSIA-EO14071', eo(14071), 'Russia'),
  us('UKRAINE-EO13660', eo(13660), 'Russia'),
  us('UKRAINE-EO13661', eo(13661), 'Russia'),
  us('UKRAINE-EO13662', eo(13662), 'Russia'),
  us('UKRAINE-EO13685', eo(13685), 'Russia'),
  us('CAATSA - RUSSIA', "Countering America's Adversaries Through Sanctions Act, Title II", 'Russia'),
  us('BPI-RUSSIA-EO14024', `${eo(14024)} (blocked pending investigation)`),
  us('BALKANS'),
  us('BALKANS-EO14033', eo(14033)),
  us('BURMA-EO14014', eo(14014)),
  us('CAATSA - IRAN', "Countering America's Adversaries Through Sanctions Act, Title I"),
  us('CAR', eo(13667)),
  us('CUBA', 'Cuban Assets Control Regulations, 31 CFR part 515'),
  us('CYBER2'),
  us('DARFUR'),
  us('DPRK'),
  us('DPRK-NKSPEA', 'North Korea Sanctions and Policy Enhancement Act of 2016'),
  us('DPRK2'),
  us('DPRK3'),
  us('DPRK4'),
  us('DRCONGO'),
  us('ELECTION-EO13848', eo(13848)),
  us('ETHIOPIA-EO14046', eo(14046)),
  us('FTO', 'Immigration and Nationality Act, section 219'),
  us('GLOMAG', eo(13818)),
  us('HIFPAA'),
  us('HK-EO13936', eo(13936)),
  us('HOSTAGES-EO14078', eo(14078)),
  us('HRIT-IR'),
  us('HRIT-SY'),
  us('IFCA', 'Iran Freedom and Counter-Proliferation Act of 2012'),
  us('IFSR'),
  us('ILLICIT-DRUGS-EO14059', eo(14059)),
  us('IRAN'),
  us('IRAN-CON-ARMS-EO', eo(13949)),
  us('IRAN-EO13846', eo(13846)),
  us('IRAN-EO13871', eo(13871)),
  us('IRAN-EO13876', eo(13876)),
  us('IRAN-EO13902', eo(13902)),
  us('IRAN-HR'),
  us('IRAN-TRA'),
  us('IRAQ2'),
  us('IRAQ3'),
  us('IRGC'),
  us('ISA'),
  us('LEBANON'),
  us('LIBYA2'),
  us('LIBYA3'),
  us('MAGNIT', 'Sergei Magnitsky Rule of Law Accountability Act of 2012'),
  us('MALI-EO13882', eo(13882)),
  us('NICARAGUA'),
  us('NICARAGUA-NHRAA', 'Nicaragua Human Rights and Anticorruption Act of 2018'),
  us('NPWMD', eo(13382)),
  us('NS-PLC'),
  us('PEESA-EO14039', eo(14039)),
  us('SDGT', eo(13224)),
  us('SDNT', eo(12978)),
  us('SDNTK', 'Foreign Narcotics Kingpin Designation Act'),
  us('SOMALIA'),
  us('SOUTH SUDAN'),
  us('SSIDES'),
  us('SUDAN-EO14098', eo(14098)),
  us('SYRIA'),
  us('SYRIA-CAESAR', 'Caesar Syria Civilian Protection Act of 2019'),
  us('SYRIA-EO13894', eo(13894)),
  us('TCO', eo(13581)),
  us('UHRPA', 'Uyghur Human Rights Policy Act of 2020'),
  us('VENEZUELA'),
  us('VENEZUELA-EO13850', eo(13850)),
  us('VENEZUELA-EO13884', eo(13884)),
  us('WEST-BANK-EO14115', eo(14115)),
  us('YEMEN'),

  // ── UK regimes (FtM programId = prefix of the UK unique id; program = regime name) ──
  uk('BEL', 'The Republic of Belarus (Sanctions) (EU Exit) Regulations 2019', 'Belarus', '2019/600'),
  uk('RUS', 'The Russia (Sanctions) (EU Exit) Regulations 2019', 'Russia', '2019/855'),
  uk('AFG', 'The Afghanistan (Sanctions) (EU Exit) Regulations 2020'),
  uk('AQD', "Isil (Da'esh) and Al-Qaeda (United Nations Sanctions) (EU Exit) Regulations 2019"),
  uk('BIH', 'The Bosnia and Herzegovina (Sanctions) (EU Exit) Regulations 2020'),
  uk('CAF', 'The Central African Republic (Sanctions) (EU Exit) Regulations 2020'),
  uk('CHW', 'The Chemical Weapons (Sanctions) (EU Exit) Regulations 2019'),
  uk('CTD', 'The Counter-Terrorism (Sanctions) (EU Exit) Regulations 2019'),
  uk('CTI', 'The Counter-Terrorism (International Sanctions) (EU Exit) Regulations 2019'),
  uk('CYB', 'The Cyber (Sanctions) (EU Exit) Regulations 2020'),
  uk('DPR', "The Democratic People's Republic of Korea (Sanctions) (EU Exit) Regulations 2019"),
  uk('DRC', 'The Democratic Republic of the Congo (Sanctions) (EU Exit) Regulations 2019'),
  uk('GAC', 'The Global Anti-Corruption Sanctions Regulations 2021'),
  uk('GHR', 'The Global Human Rights Sanctions Regulations 2020'),
  uk('GIM', 'The Global Irregular Migration and Trafficking in Persons Sanctions Regulations 2025'),
  uk('GUB', 'The Republic of Guinea-Bissau (Sanctions) (EU Exit) Regulations 2019'),
  uk('GUC', 'The Guinea (Sanctions) (EU Exit) Regulations 2019'),
  uk('HAI', 'The Haiti (Sanctions) Regulations 2022'),
  uk('INU', 'The Iran (Sanctions) (Nuclear) (EU Exit) Regulations 2019'),
  uk('IRN', 'The Iran (Sanctions) Regulations 2023'),
  uk('IRQ', 'The Iraq (Sanctions) (EU Exit) Regulations 2020'),
  uk('LIB', 'The Libya (Sanctions) (EU Exit) Regulations 2020'),
  uk('MAL', 'The Mali (Sanctions) (EU Exit) Regulations 2020'),
  uk('MYA', 'The Myanmar (Sanctions) Regulations 2021'),
  uk('NIC', 'The Nicaragua (Sanctions) (EU Exit) Regulations 2020'),
  uk('SOM', 'The Somalia (Sanctions) (EU Exit) Regulations 2020'),
  uk('SSU', 'The South Sudan (Sanctions) (EU Exit) Regulations 2019'),
  uk('SUD', 'The Sudan (Sanctions) (EU Exit) Regulations 2020'),
  uk('SYR', 'The Syria (Sanctions) (EU Exit) Regulations 2019'),
  uk('VEN', 'The Venezuela (Sanctions) (EU Exit) Regulations 2019'),
  uk('YEM', 'The Yemen (Sanctions) (EU Exit) Regulations 2020'),

  // ── Canada SEMA / JVCFOR regimes (FtM program = the list's bilingual regime field) ──
  ca(
    'BELARUS',
    'Belarus / Bélarus',
    'Belarus',
    'Special Economic Measures (Belarus) Regulations (SOR/2006-92)',
  ),
  ca('RUSSIA', 'Russia / Russie', 'Russia', 'Special Economic Measures (Russia) Regulations (SOR/2014-58)'),
  ca('UKRAINE', 'Ukraine', 'other', 'Special Economic Measures (Ukraine) Regulations (SOR/2014-60)'),
  ca('CHINA', 'China / Chine'),
  ca('SETTLERS', 'Extremist Settler Violence / Violence extrémiste des colons'),
  ca('GUATEMALA', 'Guatemala'),
  ca('HAITI', 'Haiti / Haïti'),
  ca('HAMAS', 'Hamas Terrorist Attacks / Attaques terroristes du Hamas'),
  ca('IRAN', 'Iran'),
  ca(
    'JVCFOR',
    'Justice for Victims of Corrupt Foreign Officials Regulations (JVCFOR) / Règlement relatif à la justice pour les victimes de dirigeants étrangers corrompus (RJVDEC)',
    'other',
    'Justice for Victims of Corrupt Foreign Officials Regulations',
  ),
  ca('MOLDOVA', 'Moldova'),
  ca('MYANMAR', 'Myanmar (Burma) / Myanmar (Birmanie)'),
  ca('NICARAGUA', 'Nicaragua'),
  ca('SOUTH-SUDAN', 'South Sudan / Soudan du sud'),
  ca('SRI-LANKA', 'Sri Lanka'),
  ca('SUDAN', 'Sudan / Soudan'),
  ca('SYRIA', 'Syria / Syrie'),
  ca('VENEZUELA', 'Venezuela'),
  ca('ZIMBABWE', 'Zimbabwe'),
];

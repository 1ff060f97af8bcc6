/** A text shown to users, in the two languages the interface speaks. */
export interface Bilingual {
  zh: string;
  en: string;
}

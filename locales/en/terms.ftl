## Terms an event file refers to by name: `place = "bishkek"` means
## -place-bishkek. English has no case forms; other locales add them.

-place-bishkek = Bishkek
-place-osh = Osh
-place-naryn = Naryn
-place-karakol = Karakol

-position-osce-head = Head of the OSCE Programme Office in Bishkek
-position-minister-foreign-affairs = Minister of Foreign Affairs of the Kyrgyz Republic
-position-minister-justice = Minister of Justice of the Kyrgyz Republic
-position-minister-interior = Minister of Internal Affairs of the Kyrgyz Republic

-partner-kyrgyz-republic = the Kyrgyz Republic
-partner-ministry-justice = the Ministry of Justice

-topic-judicial-system = improving the judicial system
-topic-anti-corruption = combating corruption
-topic-green-digital-economy = developing a green and digital economy
-topic-ecology = ecological issues
-topic-community-policing = community policing
-topic-human-rights = protecting human rights

-participants-police-officers = { $count ->
        [one] { $count } police officer
       *[other] { $count } police officers
    }
-participants-people = { $count ->
        [one] { $count } participant
       *[other] { $count } participants
    }

-origin-osh-jalal-abad = Osh and Jalal-Abad provinces

-recipient-ministry-justice = the Ministry of Justice of the Kyrgyz Republic
-recipient-police-academy = the Academy of the Ministry of Internal Affairs

-item-computer = { $count ->
        [one] { $count } computer
       *[other] { $count } computers
    }
-item-printer = { $count ->
        [one] { $count } printer
       *[other] { $count } printers
    }
